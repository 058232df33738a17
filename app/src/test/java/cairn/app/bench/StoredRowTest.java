package cairn.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.xapi.StatementValidator;
import cairn.xapi.XapiVersion;
import cairn.xapi.generator.GeneratorOptions;
import cairn.xapi.generator.StatementGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StoredRowTest {
  private final ObjectNode statement = new StatementGenerator(GeneratorOptions.defaults(1)).statements().findFirst().orElseThrow();
  private final StoredRow row = new StoredRow.Maker("bootstrap", "bench", "http://localhost:8080").make(statement);

  @Test
  void theRowCarriesWhatCairnAddsAndTheIndexKeys() throws Exception {
    JsonNode body = new ObjectMapper().readTree(row.body("2025-01-01T00:00:00.000000Z"));
    assertThat(body.get("id").asText()).isEqualTo(row.id().toString()).isEqualTo(statement.get("id").asText());
    assertThat(body.get("version").asText()).isEqualTo("2.0.0");
    assertThat(body.get("stored").asText()).isEqualTo("2025-01-01T00:00:00.000000Z");
    assertThat(body.at("/authority/account/name").asText()).isEqualTo("bench");
    assertThat(row.keys().agents()).containsKey("account:21:http://localhost:8080bench");
    assertThat(row.verb()).isEqualTo(statement.at("/verb/id").asText());
    assertThat(row.registration().toString()).isEqualTo(statement.at("/context/registration").asText());
    StatementValidator.validate(body, XapiVersion.V2_0_0);
  }
}
