package cairn.progression.feed;

import cairn.progression.audit.Audit;
import cairn.progression.frameworks.Framework;
import cairn.progression.frameworks.FrameworkStore;
import cairn.progression.ladders.Ladder;
import cairn.progression.ladders.LadderStore;
import cairn.progression.rules.Rule;
import cairn.progression.rules.RuleSet;
import cairn.progression.rules.RuleStore;
import cairn.progression.rules.StatementView;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the mapper applies: the active rule set of every framework (with the framework version it
 * pins), and the latest version of every ladder (with its framework's latest version). Loaded again
 * only when the audit log has moved, since every definition change writes an audit entry.
 *
 * @param feedVerbs the verb ids, in every spelling, of the statements the mapper can use: a rule's
 *     verbs and the mentoring vocabulary. The feed serves other statements without their body.
 */
public record Definitions(long auditId, List<RuleSet> ruleSets, Map<String, Framework> frameworks, List<Ladder> ladders,
    Map<String, Framework> ladderFrameworks, Map<String, List<RuleAt>> rulesByVerb, String[] feedVerbs) {

  /** A rule with the rule set it belongs to. */
  public record RuleAt(RuleSet ruleSet, Rule rule) {}

  public static Future<Definitions> load(SqlClient client, long auditId) {
    return RuleStore.active(client).compose(sets -> RuleStore.frameworks(client, sets)
        .compose(frameworks -> LadderStore.active(client).compose(ladders -> {
          List<Future<Framework>> loads = new ArrayList<>();
          for (Ladder ladder : ladders) {
            loads.add(FrameworkStore.load(client, ladder.frameworkId(), null));
          }
          return Future.all(loads).map(all -> {
            Map<String, Framework> byLadder = new LinkedHashMap<>();
            for (int i = 0; i < ladders.size(); i++) {
              byLadder.put(ladders.get(i).id(), all.resultAt(i));
            }
            Map<String, List<RuleAt>> byVerb = new HashMap<>();
            for (RuleSet set : sets) {
              for (Rule rule : set.rules()) {
                rule.positiveVerbs().forEach(v -> byVerb.computeIfAbsent(v, k -> new ArrayList<>()).add(new RuleAt(set, rule)));
                rule.negativeVerbs().forEach(v -> byVerb.computeIfAbsent(v, k -> new ArrayList<>()).add(new RuleAt(set, rule)));
              }
            }
            Set<String> verbs = new TreeSet<>();
            Stream.concat(byVerb.keySet().stream(), Extraction.VOCABULARY.stream())
                .forEach(v -> verbs.addAll(StatementView.spellings(v)));
            return new Definitions(auditId, sets, frameworks, ladders, byLadder, byVerb, verbs.toArray(String[]::new));
          });
        })));
  }

  public static Future<Definitions> current(SqlClient client, Definitions cached) {
    return Audit.latest(client).compose(id -> cached != null && cached.auditId() == id
        ? Future.succeededFuture(cached) : load(client, id));
  }

  /**
   * Whether a milestone of the ladders asks for mentoring sessions received. Without one, a round
   * reads only the sessions its persons gave, and counts the ones they received (a standing shows
   * the number): a mentee's received sessions credit nothing and are as many rows as the mentors'.
   */
  public boolean needsSessionsReceived() {
    return ladders.stream().flatMap(l -> l.milestones().stream())
        .anyMatch(m -> m.mentoring() != null && m.mentoring().received() > 0);
  }

  public RuleSet ruleSet(String frameworkId) {
    return ruleSets.stream().filter(r -> r.frameworkId().equals(frameworkId)).findFirst().orElse(null);
  }
}
