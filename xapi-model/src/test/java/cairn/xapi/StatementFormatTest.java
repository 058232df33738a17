package cairn.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementFormatTest {
  private static ObjectNode rich() {
    ObjectNode s = Statements.valid();
    Statements.with(s, "actor", "{'objectType':'Group','name':'anon','member':"
        + "[{'name':'Bea','mbox':'mailto:b@example.com'},{'name':'Cy','account':"
        + "{'homePage':'http://example.com','name':'cy'}}]}");
    Statements.with(s, "authority", "{'name':'LRS','mbox':'mailto:lrs@example.com'}");
    Statements.with(s, "context", "{'instructor':{'objectType':'Group','name':'Teachers',"
        + "'mbox':'mailto:t@example.com','member':[{'mbox':'mailto:x@example.com'}]},"
        + "'registration':'ec531277-b57b-4c15-8d91-d292c5b2b8f7',"
        + "'contextActivities':{'parent':[{'objectType':'Activity','id':'http://example.com/p',"
        + "'definition':{'name':{'en':'Parent','fr':'Parent FR'}}}]}}");
    return s;
  }

  @Test
  void idsReducesAgentsGroupsActivitiesAndVerbs() {
    ObjectNode ids = StatementFormat.ids(rich());
    assertThat(ids.get("verb")).isEqualTo(
        Statements.value("{'id':'http://adlnet.gov/expapi/verbs/attended'}"));
    assertThat(ids.get("object")).isEqualTo(Statements.value(
        "{'id':'http://example.com/meetings/1'}"));
    assertThat(ids.get("actor")).isEqualTo(Statements.value("{'objectType':'Group','member':"
        + "[{'objectType':'Agent','mbox':'mailto:b@example.com'},{'objectType':'Agent',"
        + "'account':{'homePage':'http://example.com','name':'cy'}}]}"));
    assertThat(ids.get("authority")).isEqualTo(Statements.value(
        "{'objectType':'Agent','mbox':'mailto:lrs@example.com'}"));
    assertThat(ids.at("/context/instructor")).as("identified group: no members").isEqualTo(
        Statements.value("{'objectType':'Group','mbox':'mailto:t@example.com'}"));
    assertThat(ids.at("/context/contextActivities/parent/0")).isEqualTo(Statements.value(
        "{'id':'http://example.com/p'}"));
    assertThat(ids.at("/context/registration").asText())
        .isEqualTo("ec531277-b57b-4c15-8d91-d292c5b2b8f7");
    assertThat(ids.get("timestamp")).isEqualTo(rich().get("timestamp"));
  }

  @Test
  void idsReachesIntoSubStatements() {
    ObjectNode s = Statements.validWith("object", "{'objectType':'SubStatement',"
        + "'actor':{'name':'Bea','mbox':'mailto:b@example.com'},"
        + "'verb':{'id':'http://example.com/v','display':{'en':'v'}},"
        + "'object':{'id':'http://example.com/a','definition':{'name':{'en':'A'}}}}");
    ObjectNode ids = StatementFormat.ids(s);
    assertThat(ids.at("/object/actor/name").isMissingNode()).isTrue();
    assertThat(ids.at("/object/verb/display").isMissingNode()).isTrue();
    assertThat(ids.at("/object/object")).isEqualTo(
        Statements.value("{'id':'http://example.com/a'}"));
    assertThat(s.at("/object/actor/name").asText()).as("input untouched").isEqualTo("Bea");
  }

  @Test
  void canonicalKeepsTheBestLanguage() {
    ObjectNode s = rich();
    Statements.with(s, "verb.display", "{'en-US':'attended','de':'besuchte','fr-FR':'assisté'}");
    ObjectNode c = StatementFormat.canonical(s, List.of("fr", "de"));
    assertThat(c.at("/verb/display")).isEqualTo(Statements.value("{'fr-FR':'assisté'}"));
    assertThat(c.at("/object/definition/name")).isEqualTo(Statements.value("{'de':'Treffen'}"));
    assertThat(c.at("/context/contextActivities/parent/0/definition/name"))
        .isEqualTo(Statements.value("{'fr':'Parent FR'}"));
  }

  @Test
  void canonicalFallsBackThroughTruncationAndThenAnyEntry() {
    ObjectNode s = Statements.validWith("verb.display", "{'de':'besuchte','en':'attended'}");
    assertThat(StatementFormat.canonical(s, List.of("en-GB")).at("/verb/display"))
        .isEqualTo(Statements.value("{'en':'attended'}"));
    assertThat(StatementFormat.canonical(s, List.of("ja")).at("/verb/display").size())
        .isEqualTo(1);
    assertThat(StatementFormat.canonical(s, List.of()).at("/verb/display"))
        .isEqualTo(Statements.value("{'de':'besuchte'}"));
    assertThat(StatementFormat.canonical(s, List.of("EN")).at("/verb/display"))
        .isEqualTo(Statements.value("{'en':'attended'}"));
  }

  @Test
  void canonicalCoversInteractionComponentsAndAttachments() {
    ObjectNode s = Statements.validWith("object.definition", "{'interactionType':'choice',"
        + "'choices':[{'id':'a','description':{'en':'A','es':'A es'}}]}");
    Statements.with(s, "attachments", "[{'usageType':'http://example.com/u',"
        + "'display':{'en':'x','es':'x es'},'description':{'es':'d es','en':'d'},"
        + "'contentType':'text/plain','length':1,'sha2':'abc'}]");
    ObjectNode c = StatementFormat.canonical(s, List.of("es"));
    assertThat(c.at("/object/definition/choices/0/description"))
        .isEqualTo(Statements.value("{'es':'A es'}"));
    assertThat(c.at("/attachments/0/display")).isEqualTo(Statements.value("{'es':'x es'}"));
    assertThat(c.at("/attachments/0/description")).isEqualTo(Statements.value("{'es':'d es'}"));
  }
}
