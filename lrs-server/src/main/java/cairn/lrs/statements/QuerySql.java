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
 */
record QuerySql(String text, Tuple params) {

  static QuerySql of(StatementQuery q) {
    List<Object> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    String from;
    String d;
    if (q.agent() != null) {
      from = "lrs.statement_agents d join lrs.statements s on s.seq = d.seq";
      d = "d";
      where.add("d.agent = " + bind(params, q.agent()));
      if (!q.relatedAgents()) {
        where.add("d.direct");
      }
    } else if (q.activity() != null) {
      from = "lrs.statement_activities d join lrs.statements s on s.seq = d.seq";
      d = "d";
      where.add("d.activity = " + bind(params, q.activity()));
      if (!q.relatedActivities()) {
        where.add("d.direct");
      }
    } else {
      from = "lrs.statements s";
      d = "s";
    }
    where.add("not s.voided");
    if (q.agent() != null && q.activity() != null) {
      where.add("exists (select 1 from lrs.statement_activities x where x.seq = s.seq and x.activity = "
          + bind(params, q.activity()) + (q.relatedActivities() ? ")" : " and x.direct)"));
    }
    if (q.verb() != null) {
      where.add("s.verb_id = " + bind(params, q.verb()));
    }
    if (q.registration() != null) {
      where.add("s.registration = " + bind(params, q.registration()));
    }
    if (q.authorityKey() != null) {
      where.add("s.authority_key = " + bind(params, q.authorityKey()));
    }
    if (q.since() != null) {
      where.add(d + ".stored > " + bind(params, q.since()));
    }
    if (q.until() != null) {
      where.add(d + ".stored <= " + bind(params, q.until()));
    }
    if (q.after() != null) {
      String cmp = q.ascending() ? " > " : " < ";
      where.add("(" + d + ".stored, " + d + ".seq)" + cmp + "(" + bind(params, q.after().stored())
          + ", " + bind(params, q.after().seq()) + ")");
    }
    String dir = q.ascending() ? "" : " desc";
    String sql = "select s.seq, s.stored, s.body::text as body from " + from
        + " where " + String.join(" and ", where)
        + " order by " + d + ".stored" + dir + ", " + d + ".seq" + dir
        + " limit " + bind(params, q.limit() + 1);
    return new QuerySql(sql, Tuple.from(params));
  }

  private static String bind(List<Object> params, Object value) {
    params.add(value);
    return "$" + params.size();
  }
}
