package cairn.credentials.verify;

import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The answer to "is this credential good?": valid only if every check passed; each check says why.
 * {@code credential} is the decoded credential (null when the input was not a JWS at all);
 * {@code embedded} the reports of the credentials a CLR 2.0 transcript embeds (each also one check).
 */
public record Report(boolean valid, List<Check> checks, JsonNode credential, List<Report> embedded) {

  public Report {
    checks = List.copyOf(checks);
    embedded = List.copyOf(embedded);
  }

  public Report(boolean valid, List<Check> checks, JsonNode credential) {
    this(valid, checks, credential, List.of());
  }

  static Report of(List<Check> checks, JsonNode credential) {
    return of(checks, credential, List.of());
  }

  static Report of(List<Check> checks, JsonNode credential, List<Report> embedded) {
    boolean valid = !checks.isEmpty();
    for (Check check : checks) {
      valid &= check.pass();
    }
    return new Report(valid, checks, credential, embedded);
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
    if (!embedded.isEmpty()) {
      // each embedded credential's own checks; the credentials themselves are in "credential" already
      ArrayNode list2 = o.putArray("embedded");
      embedded.forEach(r -> {
        ObjectNode e = r.json();
        e.remove("credential");
        if (r.credential() != null) {
          e.put("id", r.credential().path("id").asText(null));
        }
        list2.add(e);
      });
    }
    return o;
  }
}
