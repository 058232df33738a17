package cairn.lrs.agents;

import cairn.web.ApiException;
import cairn.web.Json;
import cairn.xapi.Agents;
import cairn.xapi.XapiFormats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The {@code agent} query parameter of the State, Agent Profile and Agents resources: an Agent or
 * Identified Group as JSON (1.0.3 Part Three §2.3, §2.4, §2.6; IEEE 9274.1.1-2023 §4.1.6.2,
 * §4.1.6.3, §4.1.6.5), identified by exactly one Inverse Functional Identifier (1.0.3 Part Two
 * §2.4.2.3). Anything else is a 400 naming the parameter.
 *
 * @param agent the parsed object
 * @param key its IFI key ({@link Agents#ifiKey}), what documents are stored under
 */
public record AgentParameter(ObjectNode agent, String key) {
  public static final String NAME = "agent";
  private static final Set<String> KEYS =
      Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member");
  private static final List<String> IFIS = List.of("mbox", "mbox_sha1sum", "openid", "account");

  /** Parses and validates the parameter's value; {@code null} (absent) is a 400 too. */
  public static AgentParameter parse(String value) {
    if (value == null) {
      throw bad("The agent parameter is required.");
    }
    JsonNode node;
    try {
      node = Json.parse(value);
    } catch (ApiException e) {
      throw bad("agent is not valid JSON: " + e.getMessage());
    }
    if (!node.isObject()) {
      throw bad("agent must be a JSON object (an Agent or Identified Group).");
    }
    ObjectNode agent = (ObjectNode) node;
    validate(agent);
    return new AgentParameter(agent, Agents.ifiKey(agent).orElseThrow());
  }

  private static void validate(ObjectNode agent) {
    agent.fieldNames().forEachRemaining(name -> {
      if (!KEYS.contains(name)) {
        throw bad("agent has an unknown property '" + name + "'.");
      }
    });
    JsonNode type = agent.get("objectType");
    if (type != null && !"Agent".equals(type.textValue()) && !"Group".equals(type.textValue())) {
      throw bad("agent objectType must be \"Agent\" or \"Group\".");
    }
    if (agent.has("name") && !agent.get("name").isTextual()) {
      throw bad("agent name must be a string.");
    }
    long ifis = IFIS.stream().filter(agent::has).count();
    if (ifis != 1) {
      throw bad("agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid "
          + "or account); it has " + ifis + ".");
    }
    if (agent.has("mbox") && !(agent.get("mbox").isTextual() && XapiFormats.isMailtoIri(agent.get("mbox").asText()))) {
      throw bad("agent mbox must be a mailto: IRI.");
    }
    if (agent.has("mbox_sha1sum")
        && !(agent.get("mbox_sha1sum").isTextual() && XapiFormats.isSha1Hex(agent.get("mbox_sha1sum").asText()))) {
      throw bad("agent mbox_sha1sum must be 40 hexadecimal digits.");
    }
    if (agent.has("openid") && !(agent.get("openid").isTextual() && XapiFormats.isIri(agent.get("openid").asText()))) {
      throw bad("agent openid must be an IRI.");
    }
    if (agent.has("account")) {
      account(agent.get("account"));
    }
  }

  private static void account(JsonNode account) {
    if (!account.isObject() || account.size() != 2
        || !account.path("homePage").isTextual() || !XapiFormats.isIri(account.path("homePage").asText())
        || !account.path("name").isTextual()) {
      throw bad("agent account must be an object with an IRI homePage and a string name, nothing else.");
    }
  }

  private static ApiException bad(String message) {
    return ApiException.badRequest(message, NAME);
  }
}
