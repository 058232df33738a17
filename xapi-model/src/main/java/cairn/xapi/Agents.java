package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * Identity of Agents and Identified Groups by their Inverse Functional Identifier (xAPI 1.0.3 Part
 * Two §2.4.2.4; IEEE 9274.1.1-2023 §4.2.2.1). Two agents are the same when they use the same IFI
 * with the same value, so the store indexes agents by a single text key built from that IFI.
 */
public final class Agents {
  private Agents() {}

  /**
   * The index key of an Agent or Group object, or empty for an anonymous Group (or anything without
   * an IFI). Keys are unambiguous: the account form length-prefixes the homePage.
   */
  public static Optional<String> ifiKey(JsonNode agent) {
    if (agent == null || !agent.isObject()) {
      return Optional.empty();
    }
    JsonNode mbox = agent.get("mbox");
    if (mbox != null && mbox.isTextual()) {
      return Optional.of("mbox:" + mbox.asText());
    }
    JsonNode sha1 = agent.get("mbox_sha1sum");
    if (sha1 != null && sha1.isTextual()) {
      return Optional.of("mbox_sha1sum:" + sha1.asText().toLowerCase(Locale.ROOT));
    }
    JsonNode openid = agent.get("openid");
    if (openid != null && openid.isTextual()) {
      return Optional.of("openid:" + openid.asText());
    }
    JsonNode account = agent.get("account");
    if (account != null && account.isObject()) {
      String homePage = account.path("homePage").asText("");
      String name = account.path("name").asText("");
      return Optional.of("account:" + homePage.length() + ":" + homePage + name);
    }
    return Optional.empty();
  }
}
