package cairn.accounts.local;

import cairn.web.ApiException;
import cairn.web.auth.Role;
import cairn.xapi.Agents;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An account to create by invitation: the email address the person signs in with, their name, the
 * person they are (by IFIs as the progression mapper keys people, {@link Agents#ifiKey}; by default
 * the {@code mbox} of the email address) and the roles to grant.
 */
public record NewAccount(String email, String name, List<String> personIfis, Set<Role> roles) {
  public static final int MAX_EMAIL = 320;
  public static final int MAX_NAME = 200;
  /** Something, an at sign, something with a dot: the shape of an address, not a proof of one. */
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  public NewAccount {
    email = checkEmail(email);
    if (name == null || name.isBlank()) {
      name = email;
    }
    if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("A name has at most " + MAX_NAME + " characters and no control characters.",
          "$.name");
    }
    personIfis = personIfis.isEmpty() ? List.of(defaultIfi(email)) : List.copyOf(personIfis);
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** The IFI of the person an email address names: its {@code mbox}. */
  static String defaultIfi(String email) {
    return Agents.ifiKey(cairn.web.Json.MAPPER.createObjectNode().put("mbox", "mailto:" + email)).orElseThrow();
  }

  static String checkEmail(String email) {
    if (email == null || email.isBlank()) {
      throw ApiException.badRequest("An email address is needed.", "$.email");
    }
    email = email.strip();
    if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()
        || email.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("'" + (email.length() > 80 ? email.substring(0, 80) + "…" : email)
          + "' is not an email address (at most " + MAX_EMAIL + " characters).", "$.email");
    }
    return email;
  }

  /**
   * Reads {@code {"email", "name"?, "roles"?: [...], "agents"?: [xAPI agents]}}; a role Cairn does
   * not know, an agent without an IFI, or anything else wrong is a 400 that names it.
   */
  public static NewAccount fromJson(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badRequest("Send a JSON object: {\"email\": \"…\", \"name\": \"…\", \"roles\": [\"employee\"]}.");
    }
    JsonNode email = body.path("email");
    if (!email.isTextual()) {
      throw ApiException.badRequest("\"email\" must be the address the person signs in with.", "$.email");
    }
    JsonNode name = body.path("name");
    if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) {
      throw ApiException.badRequest("\"name\" must be a string.", "$.name");
    }
    return new NewAccount(email.asText(), name.isTextual() ? name.asText() : null, ifis(body.path("agents")),
        roles(body.path("roles")));
  }

  static Set<Role> roles(JsonNode roles) {
    Set<Role> set = EnumSet.noneOf(Role.class);
    if (roles.isMissingNode() || roles.isNull()) {
      return set;
    }
    if (!roles.isArray()) {
      throw ApiException.badRequest("\"roles\" must be an array of role names: " + Role.wireNames() + ".", "$.roles");
    }
    for (int i = 0; i < roles.size(); i++) {
      String name = roles.get(i).asText("");
      int index = i;
      set.add(Role.fromWire(name.toLowerCase(Locale.ROOT)).orElseThrow(() -> ApiException.badRequest(
          "Unknown role '" + name + "'; the roles are " + Role.wireNames() + ".", "$.roles[" + index + "]")));
    }
    return set;
  }

  private static List<String> ifis(JsonNode agents) {
    List<String> ifis = new ArrayList<>();
    if (agents.isMissingNode() || agents.isNull()) {
      return ifis;
    }
    if (!agents.isArray() || agents.size() > 20) {
      throw ApiException.badRequest("\"agents\" must be an array of at most 20 xAPI agents naming the person "
          + "(mbox, mbox_sha1sum, openid or account).", "$.agents");
    }
    for (int i = 0; i < agents.size(); i++) {
      int index = i;
      String ifi = Agents.ifiKey(agents.get(i)).orElseThrow(() -> ApiException.badRequest(
          "This agent has no inverse functional identifier (mbox, mbox_sha1sum, openid or account).",
          "$.agents[" + index + "]"));
      if (ifi.length() > 2048) {
        throw ApiException.badRequest("An identifier has at most 2048 characters.", "$.agents[" + index + "]");
      }
      if (!ifis.contains(ifi)) {
        ifis.add(ifi);
      }
    }
    return ifis;
  }
}
