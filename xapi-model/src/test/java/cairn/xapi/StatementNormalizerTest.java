package cairn.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatementNormalizerTest {
  @ParameterizedTest
  @EnumSource(XapiVersion.class)
  void wrapsSingleContextActivitiesInArrays(XapiVersion version) {
    ObjectNode in = Statements.validWith("context.contextActivities",
        "{'parent':{'id':'http://example.com/p'},'other':[{'id':'http://example.com/o'}]}");
    ObjectNode out = StatementNormalizer.normalize(in, version);
    assertThat(out.at("/context/contextActivities/parent").isArray()).isTrue();
    assertThat(out.at("/context/contextActivities/parent/0/id").asText())
        .isEqualTo("http://example.com/p");
    assertThat(out.at("/context/contextActivities/other").size()).isEqualTo(1);
    assertThat(in.at("/context/contextActivities/parent").isObject())
        .as("the input is left alone").isTrue();
  }

  @Test
  void wrapsInsideSubStatementsToo() {
    ObjectNode in = Statements.validWith("object", "{'objectType':'SubStatement',"
        + "'actor':{'mbox':'mailto:b@example.com'},'verb':{'id':'http://example.com/v'},"
        + "'object':{'id':'http://example.com/a'},'timestamp':'2023-05-04T12:00:00-05:00',"
        + "'context':{'contextActivities':{'grouping':{'id':'http://example.com/g'}}}}");
    ObjectNode out = StatementNormalizer.normalize(in, XapiVersion.V2_0_0);
    assertThat(out.at("/object/context/contextActivities/grouping").isArray()).isTrue();
    assertThat(out.at("/object/object/objectType").asText()).isEqualTo("Activity");
    assertThat(out.at("/object/timestamp").asText()).isEqualTo("2023-05-04T17:00:00.000Z");
  }

  @Test
  void convertsTimestampToUtcKeepingPrecision() {
    ObjectNode out = StatementNormalizer.normalize(
        Statements.validWith("timestamp", "'2023-05-04T12:00:00.1234-05:00'"),
        XapiVersion.V2_0_0);
    assertThat(out.get("timestamp").asText()).isEqualTo("2023-05-04T17:00:00.1234Z");
  }

  @Test
  void addsTheDefaultActivityObjectType() {
    ObjectNode out = StatementNormalizer.normalize(
        Statements.validWith("object.objectType", null), XapiVersion.V1_0_3);
    assertThat(out.at("/object/objectType").asText()).isEqualTo("Activity");
    assertThat(out.get("object").fieldNames().next()).isEqualTo("objectType");
  }

  @Test
  void leavesServerAssignedPropertiesAlone() {
    ObjectNode in = Statements.validWith("id", null);
    ObjectNode out = StatementNormalizer.normalize(in, XapiVersion.V2_0_0);
    assertThat(out.has("id")).isFalse();
    assertThat(out.has("stored")).isFalse();
    assertThat(out.has("authority")).isFalse();
    assertThat(out.has("version")).isFalse();
  }
}
