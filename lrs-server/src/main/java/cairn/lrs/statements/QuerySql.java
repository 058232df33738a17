package cairn.lrs.statements;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SQL of a statements query from fixed fragments; every value is a bind parameter.
 *
 * <p>The most selective filter drives the scan, in this order: agent, activity, then the statements
 * table itself (registration, verb, authority or plain stored order use its indexes). Results are
 * ordered by (stored, seq) and paged by keyset on the driving table's own (stored, seq) columns, so
 * page 50 costs what page 1 costs and new statements never shift a page.
 *
 * <p>A statement whose object is a StatementRef also matches when its target matches the filters
 * (1.0.3 Part Three §2.1.3: "Statements which target another Statement ... will meet the filter
 * condition if the targeted Statement meets the filter condition"). That second branch scans only
 * the (few) referring statements, through a partial index, and is merged with the first. Targets
 * are followed one level deep.
 */
record QuerySql(String text, Tuple params) {

  static QuerySql of(StatementQuery q) {
    List<Object> params = new ArrayList<>();
    boolean filtered = q.agent() != null || q.activity() != null || q.verb() != null || q.registration() != null;
    String page;
    if (!filtered) {
      // No filter a StatementRef could satisfy: one scan of the statements table.
      page = ownBranch(q, params, "s.body_length");
    } else {
      String own = ownBranch(q, params, null);
      String viaRef = refBranch(q, params);
      page = "select s.seq, s.stored, s.body_length from ((" + own + ") union (" + viaRef + ")) u"
          + " join lrs.statements s on s.seq = u.seq" + order(q, "u") + " limit " + bind(params, q.limit() + 1);
    }
    return new QuerySql(budgeted(q, page, params), Tuple.from(params));
  }

  /**
   * The page's rows with their bodies, but no body for a row that starts past the page budget
   * ({@link StatementStore#MAX_PAGE_CHARS}, by the lengths written at insert): PostgreSQL never
   * serialises or sends statements the page will not hold. The rows keep coming, so the caller
   * still knows there are more.
   */
  private static String budgeted(StatementQuery q, String page, List<Object> params) {
    String before = "coalesce(sum(coalesce(p.body_length, 0)) over (" + order(q, "p").trim() + "), 0)"
        + " - coalesce(p.body_length, 0)";
    return "select b.seq, b.stored, case when b.before < " + bind(params, StatementStore.MAX_PAGE_CHARS)
        + " then s.body::text end as body from (select p.seq, p.stored, " + before + " as before from (" + page
        + ") p) b join lrs.statements s on s.seq = b.seq" + order(q, "b");
  }

  /**
   * Statements that match the filters themselves; {@code body}, if given, is selected too. Driven by
   * the agent or activity index, {@code related_agents} / {@code related_activities} read two ranges
   * of it — the key's direct rows and its other rows, each in (stored, seq) order — and merge them.
   */
  private static String ownBranch(StatementQuery q, List<Object> params, String body) {
    if (q.agent() != null && q.relatedAgents() || q.agent() == null && q.activity() != null && q.relatedActivities()) {
      String direct = ownBranch(q, params, body, true);
      String other = ownBranch(q, params, body, false);
      return "select * from ((" + direct + ") union all (" + other + ")) r" + order(q, "r")
          + " limit " + bind(params, q.limit() + 1);
    }
    return ownBranch(q, params, body, true);
  }

  /** One range of the driving index: the key's direct rows, or its other rows. */
  private static String ownBranch(StatementQuery q, List<Object> params, String body, boolean direct) {
    List<String> where = new ArrayList<>();
    String from;
    String d;
    if (q.agent() != null) {
      from = "lrs.statement_agents d join lrs.statements s on s.seq = d.seq";
      d = "d";
      where.add("d.agent = " + bind(params, q.agent()));
      where.add(direct ? "d.direct" : "not d.direct");
    } else if (q.activity() != null) {
      from = "lrs.statement_activities d join lrs.statements s on s.seq = d.seq";
      d = "d";
      where.add("d.activity = " + bind(params, q.activity()));
      where.add(direct ? "d.direct" : "not d.direct");
    } else {
      from = "lrs.statements s";
      d = "s";
    }
    if (q.agent() != null && q.activity() != null) {
      where.add(activityMatch(q, "s", params));
    }
    where.addAll(columnMatches(q, "s", params));
    where.add("not s.voided");
    where.addAll(window(q, d, params));
    return "select " + d + ".seq, " + d + ".stored" + (body == null ? "" : ", " + body) + " from " + from
        + " where " + String.join(" and ", where)
        + order(q, d) + " limit " + bind(params, q.limit() + 1);
  }

  /** Statements whose StatementRef target matches the filters. */
  private static String refBranch(StatementQuery q, List<Object> params) {
    List<String> where = new ArrayList<>();
    where.add("s.object_ref is not null");
    where.add("not s.voided");
    if (q.authorityKey() != null) {
      where.add("s.authority_key = " + bind(params, q.authorityKey()));
    }
    if (q.agent() != null) {
      where.add("exists (select 1 from lrs.statement_agents a where a.agent = " + bind(params, q.agent())
          + " and " + direct("a", q.relatedAgents()) + " and a.stored = t.stored and a.seq = t.seq)");
    }
    if (q.activity() != null) {
      where.add(activityMatch(q, "t", params));
    }
    if (q.verb() != null) {
      where.add("t.verb_id = " + bind(params, q.verb()));
    }
    if (q.registration() != null) {
      where.add("t.registration = " + bind(params, q.registration()));
    }
    where.addAll(window(q, "s", params));
    return "select s.seq, s.stored from lrs.statements s join lrs.statements t on t.id = s.object_ref where "
        + String.join(" and ", where) + order(q, "s") + " limit " + bind(params, q.limit() + 1);
  }

  private static String activityMatch(StatementQuery q, String alias, List<Object> params) {
    return "exists (select 1 from lrs.statement_activities x where x.activity = " + bind(params, q.activity())
        + " and " + direct("x", q.relatedActivities()) + " and x.stored = " + alias + ".stored and x.seq = "
        + alias + ".seq)";
  }

  /**
   * Whether a row's key must be direct. Both values are named when any will do, so that the probe of
   * one statement's row is an exact one on (key, direct, stored, seq) — two of them — rather than a
   * walk along every row of the key.
   */
  private static String direct(String alias, boolean related) {
    return related ? alias + ".direct in (true, false)" : alias + ".direct";
  }

  private static List<String> columnMatches(StatementQuery q, String s, List<Object> params) {
    List<String> where = new ArrayList<>();
    if (q.verb() != null) {
      where.add(s + ".verb_id = " + bind(params, q.verb()));
    }
    if (q.registration() != null) {
      where.add(s + ".registration = " + bind(params, q.registration()));
    }
    if (q.authorityKey() != null) {
      where.add(s + ".authority_key = " + bind(params, q.authorityKey()));
    }
    return where;
  }

  /** since, until and the keyset cursor, on the driving table's (stored, seq). */
  private static List<String> window(StatementQuery q, String d, List<Object> params) {
    List<String> where = new ArrayList<>();
    if (q.since() != null) {
      where.add(d + ".stored > " + bind(params, q.since()));
    }
    if (q.until() != null) {
      where.add(d + ".stored <= " + bind(params, q.until()));
    }
    if (q.after() != null) {
      where.add("(" + d + ".stored, " + d + ".seq)" + (q.ascending() ? " > " : " < ")
          + "(" + bind(params, q.after().stored()) + ", " + bind(params, q.after().seq()) + ")");
    }
    return where;
  }

  private static String order(StatementQuery q, String d) {
    String dir = q.ascending() ? "" : " desc";
    return " order by " + d + ".stored" + dir + ", " + d + ".seq" + dir;
  }

  private static String bind(List<Object> params, Object value) {
    params.add(value);
    return "$" + params.size();
  }
}
