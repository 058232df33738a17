package cairn.credentials.verify;

import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The answer to "is this credential good?": valid only if every check passed; each check says why.
 * {@code credential} is the decoded credential (null when the input was not a JWS at all).
 */
public record Report(boolean valid, List<Check> checks, JsonNode credential) {

  public Report {
    checks = List.copyOf(checks);
  }

  static Report of(List<Check> checks, JsonNode credential) {
    boolean valid = !checks.isEmpty();
    for (Check check : checks) {
      valid &= check.pass();
    }
    return new Report(valid, checks, credential);
  }

  public Check check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  public ObjectNode json() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("valid", valid);
    ArrayNode list = o.putArray("checks");
    checks.forEach(c -> list.addObject().put("check", c.name()).put("pass", c.pass()).put("reason", c.reason()));
    if (credential != null) {
      o.set("credential", credential);
    }
    return o;
  }
}
