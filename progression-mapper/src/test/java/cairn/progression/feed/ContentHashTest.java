package cairn.progression.feed;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.progression.Canonical;
import cairn.progression.rules.StatementView;
import cairn.web.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Content hashes key every stored fact and decide which statements are replays of each other, so a
 * statement's hash must never change between versions: these are the hashes the first
 * implementation gave (an intermediate reduced tree, then its canonical text), pinned.
 */
class ContentHashTest {
  private static final List<String[]> PINNED = List.of(
      // a cmi5 "passed": activity object with a definition, registration, context activities, score
      new String[] {"""
          {"id":"6a0c5a58-3a2b-4b7e-9d0e-1f2a3b4c5d6e","actor":{"objectType":"Agent","name":"Ada","mbox":"mailto:ada@example.org"},
           "verb":{"id":"http://adlnet.gov/expapi/verbs/passed","display":{"en-US":"passed"}},
           "object":{"id":"https://example.org/course/1/au/2","definition":{"name":{"en-US":"AU 2"},"type":"https://w3id.org/xapi/cmi5/activitytype/block"}},
           "result":{"score":{"scaled":0.85,"raw":85},"success":true,"duration":"PT1H"},
           "context":{"registration":"0e2d2b2c-1111-4a4a-8b8b-9c9c9c9c9c9c","contextActivities":{"parent":[{"id":"https://example.org/course/1","objectType":"Activity"}],
             "category":[{"id":"https://w3id.org/xapi/cmi5/context/categories/moveon"}]},
             "extensions":{"https://w3id.org/xapi/cmi5/context/extensions/masteryscore":0.8}},
           "timestamp":"2025-03-01T10:00:00Z","stored":"2025-03-01T10:00:01Z","authority":{"mbox":"mailto:lms@example.org"}}""",
          "b05c42037071a1d604378363ed1bb4e6028c2a78f196e496771fc099ea6dddb5"},
      // mentoring: an Agent object by account, outcome extension holding an object with an id
      new String[] {"""
          {"actor":{"mbox":"mailto:mentor@example.org"},"verb":{"id":"https://cairn.dev/xapi/verbs/mentored"},
           "object":{"objectType":"Agent","account":{"homePage":"https://hr.example.org","name":"E17"},"name":"Bo"},
           "result":{"extensions":{"https://cairn.dev/xapi/extensions/outcome":{"id":"x-1","note":"ok","n":1.50}}},
           "context":{"extensions":{"https://cairn.dev/xapi/extensions/competency":"https://example.org/T.1"},
             "instructor":{"openid":"https://id.example.org/ins"},"team":{"objectType":"Group","mbox":"mailto:team@example.org","name":"T"}},
           "timestamp":"2025-03-02T10:00:00.123Z","authority":{"mbox":"mailto:mentor@example.org"}}""",
          "c661bc42688f59e5e4f74af7170d0da35789ee1c97f7347193b5be58fd22e424"},
      // a sub-statement object; an anonymous Group actor; no result, no context
      new String[] {"""
          {"actor":{"objectType":"Group","member":[{"mbox_sha1sum":"0123456789abcdef0123456789abcdef01234567"},{"mbox":"mailto:b@example.org","name":"B"}]},
           "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
           "object":{"objectType":"SubStatement","actor":{"mbox":"mailto:c@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attempted"},
             "object":{"id":"https://example.org/a","definition":{"type":"http://adlnet.gov/expapi/activities/assessment"}}}}""",
          "c4f06746034090b5c099eb856b384c6599e7186bb0545f5e10ae2fca21492f13"},
      // self-asserted: the authority is the actor; a StatementRef object; grouping and other activities
      new String[] {"""
          {"actor":{"mbox":"mailto:self@example.org","name":"Self"},"verb":{"id":"https://w3id.org/xapi/adl/verbs/satisfied"},
           "object":{"objectType":"StatementRef","id":"9e3b1c2a-0000-4000-8000-000000000001"},
           "context":{"contextActivities":{"grouping":{"id":"https://example.org/g"},"other":[{"id":"https://example.org/o","definition":{"name":{"en":"O"}}}]},
             "language":"en-GB","platform":"Tablet \\"X\\" \\u00e9"},
           "authority":{"objectType":"Agent","mbox":"mailto:self@example.org"}}""",
          "13ba576b210e250e8125efa0eec7ed7d6c8de6dc44bcb83e7db5f53d29f3951b"});

  @Test
  void aStatementsContentHashIsTheOneItAlwaysHad() {
    for (String[] pinned : PINNED) {
      StatementView view = StatementView.of(Json.tree(pinned[0]));
      assertThat(Canonical.hex(Extraction.contentHash(view))).as(pinned[0]).isEqualTo(pinned[1]);
    }
  }

  @Test
  void theHashIgnoresIdStoredTimestampAuthorityNamesAndDefinitionsButNotContent() {
    String a = """
        {"id":"%s","actor":{"mbox":"mailto:ada@example.org","name":"%s"},"verb":{"id":"http://adlnet.gov/expapi/verbs/passed"},
         "object":{"id":"https://example.org/au","definition":{"name":{"en-US":"%s"}}},"result":{"success":%s},
         "timestamp":"%s","authority":{"mbox":"mailto:%s@example.org"}}""";
    byte[] one = hash(a.formatted("6a0c5a58-3a2b-4b7e-9d0e-000000000001", "Ada", "AU", "true", "2025-01-01T00:00:00Z", "lms"));
    byte[] replay = hash(a.formatted("6a0c5a58-3a2b-4b7e-9d0e-000000000002", "Ada L.", "Unit", "true", "2025-02-01T00:00:00Z",
        "other"));
    byte[] failed = hash(a.formatted("6a0c5a58-3a2b-4b7e-9d0e-000000000001", "Ada", "AU", "false", "2025-01-01T00:00:00Z", "lms"));
    byte[] self = hash(a.formatted("6a0c5a58-3a2b-4b7e-9d0e-000000000001", "Ada", "AU", "true", "2025-01-01T00:00:00Z", "ada"));
    assertThat(replay).isEqualTo(one);
    assertThat(failed).isNotEqualTo(one);
    assertThat(self).isNotEqualTo(one);
  }

  @Test
  void factsCarryTheirStatementsContentHashAndAStatementWithoutFactsHasNone() {
    Definitions noRules = new Definitions(0, List.of(), Map.of(), List.of(), Map.of(), Map.of(), new String[0]);
    UUID id = UUID.fromString("6a0c5a58-3a2b-4b7e-9d0e-1f2a3b4c5d6e");
    // the mentoring vocabulary needs no rule: a session, under the pinned hash
    List<Extraction.Fact> session = Extraction.facts(StatementView.of(Json.tree(PINNED.get(1)[0])), id, noRules);
    assertThat(session).extracting(Extraction.Fact::kind).containsExactly("session");
    assertThat(Canonical.hex(session.get(0).hash())).isEqualTo(PINNED.get(1)[1]);
    // a "passed" no rule maps: no facts
    assertThat(Extraction.facts(StatementView.of(Json.tree(PINNED.get(0)[0])), id, noRules)).isEmpty();
  }

  private static byte[] hash(String statement) {
    return Extraction.contentHash(StatementView.of(Json.tree(statement)));
  }
}
