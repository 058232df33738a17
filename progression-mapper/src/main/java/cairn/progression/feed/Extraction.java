package cairn.progression.feed;

import cairn.progression.Canonical;
import cairn.progression.rules.StatementView;
import cairn.xapi.Agents;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Turns one statement into facts: evidence (through the rules), mentoring sessions and
 * endorsements (Cairn's mentoring vocabulary, see docs/progression.md), each under the statement's
 * content hash so a replay under a new id yields the same facts.
 */
final class Extraction {
  static final String MENTORED = "https://cairn.dev/xapi/verbs/mentored";
  static final String ATTENDED = "http://adlnet.gov/expapi/verbs/attended";
  static final String ENDORSED = "https://cairn.dev/xapi/verbs/endorsed";
  /** The verbs of Cairn's mentoring vocabulary, read whatever the rules say. */
  static final List<String> VOCABULARY = List.of(MENTORED, ATTENDED, ENDORSED);
  static final String MENTORING_PROFILE = "https://cairn.dev/xapi/profiles/mentoring";
  static final String COMPETENCY = "https://cairn.dev/xapi/extensions/competency";
  static final String OUTCOME = "https://cairn.dev/xapi/extensions/outcome";

  private Extraction() {}

  /** A derived fact, as a row of progression.facts. */
  record Fact(byte[] hash, String kind, String frameworkId, String ruleId, String subject, String other,
      String competency, Integer level, boolean positive, boolean selfAsserted, Integer validDays, String sessionKey,
      UUID statementId, String at) {
    Fact withHash(byte[] contentHash) {
      return new Fact(contentHash, kind, frameworkId, ruleId, subject, other, competency, level, positive, selfAsserted,
          validDays, sessionKey, statementId, at);
    }
  }

  /**
   * The statement's facts, under its content hash. The hash is computed only for a statement that
   * has facts: most statements of the verbs the rules name are about activities no rule maps.
   */
  static List<Fact> facts(StatementView s, UUID id, Definitions defs) {
    byte[] hash = null; // filled in at the end, once there is a fact
    List<Fact> facts = new ArrayList<>();
    String at = s.timestamp();
    if (s.actor() != null) {
      boolean self = s.selfAsserted();
      for (Definitions.RuleAt r : defs.rulesByVerb().getOrDefault(s.verb(), List.of())) {
        Boolean positive = r.rule().match(s);
        if (positive != null) {
          facts.add(new Fact(hash, "evidence", r.ruleSet().frameworkId(), r.rule().id(), s.actor(), null,
              r.rule().competency(), r.rule().level(), positive, self, r.rule().validDays(), null, id, at));
        }
      }
    }
    String competency = s.contextExtensions().path(COMPETENCY).asText(null);
    boolean recorded = s.result().path("extensions").has(OUTCOME);
    String session = s.registration() != null ? s.registration() : id.toString();
    if (s.verb().equals(MENTORED) && s.actor() != null && s.objectAgent() != null && competency != null
        && !s.actor().equals(s.objectAgent())) {
      facts.add(new Fact(hash, "session", "", "mentored", s.actor(), s.objectAgent(), competency, null, recorded, false,
          null, session, id, at));
    } else if (s.verb().equals(ATTENDED) && s.instructor() != null && s.actor() != null && competency != null
        && s.categories().contains(MENTORING_PROFILE) && !s.actor().equals(s.instructor())) {
      facts.add(new Fact(hash, "session", "", "attended", s.instructor(), s.actor(), competency, null, recorded, false,
          null, session, id, at));
    } else if (s.verb().equals(ENDORSED) && s.actor() != null && s.objectAgent() != null
        && !s.actor().equals(s.objectAgent())) {
      facts.add(new Fact(hash, "endorsement", "", "endorsed", s.objectAgent(), s.actor(), competency, null, true, false,
          null, null, id, at));
    }
    if (facts.isEmpty()) {
      return facts;
    }
    byte[] contentHash = contentHash(s);
    return facts.stream().map(f -> f.withHash(contentHash)).toList();
  }

  /**
   * The content hash: actor, verb, object, result and context — not id, stored, timestamp or
   * authority — with agents reduced to their IFI and activities to their id, plus whether the
   * statement is self-asserted (the one thing the authority changes about its meaning). The canonical
   * text of {"actor", "context", "object", "result", "self", "verb"} (members in that, sorted, order)
   * is written straight from the statement; only agents and activities become small nodes.
   */
  static byte[] contentHash(StatementView s) {
    JsonNode body = s.body();
    StringBuilder out = new StringBuilder(512).append("{\"actor\":");
    Canonical.append(out, s.actor()).append(",\"context\":");
    Canonical.append(out, body.path("context"), Extraction::reduced).append(",\"object\":");
    Canonical.append(out, body.path("object"), Extraction::reduced).append(",\"result\":");
    Canonical.append(out, body.path("result"), UnaryOperator.identity()).append(",\"self\":").append(s.selfAsserted())
        .append(",\"verb\":");
    Canonical.append(out, s.verb()).append('}');
    return Canonical.sha256(out.toString());
  }

  /** An agent as its IFI, an activity as its id (definitions and names are not content); other objects as they are. */
  private static JsonNode reduced(JsonNode node) {
    String type = node.path("objectType").asText("");
    if ((type.equals("Agent") || type.isEmpty()) && !node.has("member")) {
      Optional<String> ifi = Agents.ifiKey(node);
      if (ifi.isPresent()) {
        return Canonical.object().put("ifi", ifi.get());
      }
    }
    if ((type.equals("Activity") || type.isEmpty()) && node.path("id").isTextual() && !node.has("actor")) {
      return Canonical.object().put("activity", node.get("id").asText());
    }
    return node;
  }
}
