package cairn.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StatementComparisonTest {
  /** What the LRS holds after storing {@link Statements#valid()}. */
  private static ObjectNode stored() {
    ObjectNode s = StatementNormalizer.normalize(Statements.valid(), XapiVersion.V2_0_0);
    s.put("stored", "2024-01-01T00:00:00.000Z");
    s.put("version", "2.0.0");
    s.set("authority", Statements.value("{'objectType':'Agent','mbox':'mailto:lrs@example.com'}"));
    return s;
  }

  @Test
  void theSameStatementRepostedIsTheSame() {
    assertThat(StatementComparison.same(stored(), Statements.valid())).isTrue();
  }

  @Test
  void ignoresWhatTheLrsAssigns() {
    ObjectNode posted = Statements.valid();
    posted.put("stored", "1999-01-01T00:00:00Z");
    posted.put("version", "1.0.3");
    posted.set("authority", Statements.value("{'mbox':'mailto:other@example.com'}"));
    assertThat(StatementComparison.same(stored(), posted)).isTrue();
  }

  @Test
  void aPostedStatementWithoutTimestampMatchesTheAssignedOne() {
    assertThat(StatementComparison.same(stored(), Statements.validWith("timestamp", null)))
        .isTrue();
  }

  @Test
  void timestampsCompareAsInstants() {
    assertThat(StatementComparison.same(stored(),
        Statements.validWith("timestamp", "'2013-05-18T07:32:34.8040+02:00'"))).isTrue();
    assertThat(StatementComparison.same(stored(),
        Statements.validWith("timestamp", "'2013-05-18T05:32:34.805Z'"))).isFalse();
  }

  @Test
  void ignoresDefinitionsVerbDisplayAndAttachments() {
    ObjectNode posted = Statements.validWith("object.definition", "{'name':{'fr':'réunion'}}");
    Statements.with(posted, "verb.display", "{'fr':'a assisté'}");
    Statements.with(posted, "attachments", "[]");
    assertThat(StatementComparison.same(stored(), posted)).isTrue();
  }

  @Test
  void ignoresDefaultObjectTypesAndContextActivityArrays() {
    ObjectNode posted = Statements.validWith("object.objectType", null);
    Statements.with(posted, "actor.objectType", null);
    Statements.with(posted, "context.contextActivities.parent", "{'id':'http://example.com/p'}");
    ObjectNode stored = stored();
    Statements.with(stored, "context.contextActivities.parent",
        "[{'objectType':'Activity','id':'http://example.com/p'}]");
    assertThat(StatementComparison.same(stored, posted)).isTrue();
  }

  @Test
  void ignoresMemberOrderAndInsensitiveCase() {
    String members = "[{'mbox':'mailto:a@example.com'},{'mbox':'mailto:b@example.com'}]";
    ObjectNode stored = stored();
    Statements.with(stored, "actor", "{'objectType':'Group','member':" + members + "}");
    Statements.with(stored, "context.registration", "'ec531277-b57b-4c15-8d91-d292c5b2b8f7'");
    ObjectNode posted = Statements.validWith("actor", "{'objectType':'Group','member':"
        + "[{'mbox':'mailto:b@EXAMPLE.com'},{'mbox':'mailto:a@example.com'}]}");
    Statements.with(posted, "context.registration", "'EC531277-B57B-4C15-8D91-D292C5B2B8F7'");
    posted.put("id", posted.get("id").asText().toUpperCase());
    assertThat(StatementComparison.same(stored, posted)).isTrue();
  }

  @Test
  void theLocalPartOfAnMboxIsCaseSensitive() {
    assertThat(StatementComparison.same(stored(),
        Statements.validWith("actor.mbox", "'mailto:Ann@example.com'"))).isFalse();
  }

  @Test
  void numbersCompareByValueAndDurationsToHundredths() {
    ObjectNode stored = stored();
    Statements.with(stored, "result", "{'score':{'raw':1},'duration':'PT1.12S'}");
    ObjectNode posted = Statements.validWith("result",
        "{'score':{'raw':1.0},'duration':'PT1.1299S'}");
    assertThat(StatementComparison.same(stored, posted)).isTrue();
    Statements.with(posted, "result.duration", "'PT1.13S'");
    assertThat(StatementComparison.same(stored, posted)).isFalse();
    Statements.with(posted, "result.duration", "'PT1.12S'");
    assertThat(StatementComparison.same(stored, posted)).isTrue();
    Statements.with(posted, "result.duration", "'PT1.120S'");
    assertThat(StatementComparison.same(stored, posted)).isTrue();
  }

  @Test
  void realDifferencesCount() {
    assertThat(StatementComparison.same(stored(),
        Statements.validWith("verb.id", "'http://adlnet.gov/expapi/verbs/completed'"))).isFalse();
    assertThat(StatementComparison.same(stored(),
        Statements.validWith("result", "{'success':true}"))).isFalse();
    assertThat(StatementComparison.same(stored(),
        Statements.validWith("object.id", "'http://example.com/meetings/2'"))).isFalse();
    assertThat(StatementComparison.same(stored(),
        Statements.validWith("id", "'00000000-0000-0000-0000-000000000000'"))).isFalse();
  }

  @Test
  void durationIsOtherwiseAString() {
    ObjectNode stored = stored();
    Statements.with(stored, "result", "{'duration':'PT1H'}");
    assertThat(StatementComparison.same(stored, Statements.validWith("result",
        "{'duration':'PT60M'}"))).isFalse();
  }
}
