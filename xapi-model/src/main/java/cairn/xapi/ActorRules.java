package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Agents and Groups wherever they appear: actor, object, instructor, team, authority, group
 * members, 2.0 context agents and groups (1.0.3 Part Two §2.4.2; IEEE 9274.1.1-2023 §4.2.2.1).
 */
final class ActorRules {
  private ActorRules() {}

  private static final Set<String> AGENT_KEYS =
      Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account");
  private static final Set<String> GROUP_KEYS =
      Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member");
  private static final Set<String> ACCOUNT_KEYS = Set.of("homePage", "name");

  enum Kind { AGENT, GROUP }

  /**
   * An Agent or a Group. {@code objectTypeRequired} is true where the object of a statement is an
   * Agent or Group (§2.4.4.2: there the objectType MUST be given; elsewhere it defaults to Agent).
   */
  static Kind agentOrGroup(JsonNode node, JsonPath path, String what, boolean objectTypeRequired) {
    ObjectNode actor = Checks.object(node, path, what);
    JsonNode type = actor.get("objectType");
    Kind kind = Kind.AGENT;
    if (type == null) {
      if (objectTypeRequired) {
        throw Checks.fail(path.field("objectType"),
            what + " that is an Agent or Group must state its objectType");
      }
    } else {
      String t = Checks.string(type, path.field("objectType"), "objectType");
      if (t.equals("Group")) {
        kind = Kind.GROUP;
      } else if (!t.equals("Agent")) {
        throw Checks.fail(path.field("objectType"),
            what + " objectType must be \"Agent\" or \"Group\" (case-sensitive), got \"" + t + "\"");
      }
    }
    if (kind == Kind.AGENT) {
      agentBody(actor, path, what);
    } else {
      groupBody(actor, path, what);
    }
    return kind;
  }

  /** Must be an Agent (objectType absent or "Agent"). */
  static void agent(JsonNode node, JsonPath path, String what) {
    ObjectNode actor = Checks.object(node, path, what);
    JsonNode type = actor.get("objectType");
    if (type != null && !"Agent".equals(type.textValue())) {
      throw Checks.fail(path.field("objectType"), what + " must be an Agent");
    }
    agentBody(actor, path, what);
  }

  /** Must be a Group: objectType "Group" is required. */
  static void group(JsonNode node, JsonPath path, String what) {
    ObjectNode actor = Checks.object(node, path, what);
    JsonNode type = actor.get("objectType");
    if (type == null || !"Group".equals(type.textValue())) {
      throw Checks.fail(path.field("objectType"),
          what + " must be a Group (objectType \"Group\")");
    }
    groupBody(actor, path, what);
  }

  /**
   * The authority: an Agent, or for 3-legged OAuth an anonymous Group of exactly two Agents (the
   * application and the user; 1.0.3 Part Two §2.4.9, XAPI-00098, XAPI-00100).
   */
  static void authority(JsonNode node, JsonPath path) {
    if (agentOrGroup(node, path, "authority", false) == Kind.GROUP) {
      if (ifiCount((ObjectNode) node) != 0) {
        throw Checks.fail(path, "an authority Group must be an anonymous Group of two Agents");
      }
      if (node.get("member").size() != 2) {
        throw Checks.fail(path.field("member"),
            "an authority Group must have exactly two members (OAuth application and user)");
      }
    }
  }

  private static void agentBody(ObjectNode agent, JsonPath path, String what) {
    Checks.onlyKeys(agent, path, AGENT_KEYS, "an Agent");
    nameAndIfis(agent, path);
    if (ifiCount(agent) != 1) {
      throw Checks.fail(path, what + " (an Agent) must have exactly one of mbox, mbox_sha1sum, "
          + "openid or account");
    }
  }

  private static void groupBody(ObjectNode group, JsonPath path, String what) {
    Checks.onlyKeys(group, path, GROUP_KEYS, "a Group");
    nameAndIfis(group, path);
    int ifis = ifiCount(group);
    if (ifis > 1) {
      throw Checks.fail(path, what + " (a Group) must have at most one of mbox, mbox_sha1sum, "
          + "openid or account");
    }
    JsonNode member = group.get("member");
    if (member == null) {
      if (ifis == 0) {
        throw Checks.fail(path.field("member"),
            "an anonymous Group (no mbox, mbox_sha1sum, openid or account) must list its member");
      }
      return;
    }
    JsonPath membersPath = path.field("member");
    ArrayNode members = Checks.array(member, membersPath, "member");
    if (ifis == 0 && members.isEmpty()) {
      throw Checks.fail(membersPath, "an anonymous Group must have at least one member");
    }
    for (int i = 0; i < members.size(); i++) {
      JsonPath at = membersPath.index(i);
      JsonNode m = members.get(i);
      JsonNode type = m.isObject() ? m.get("objectType") : null;
      if (type != null && "Group".equals(type.textValue())) {
        throw Checks.fail(at.field("objectType"), "a Group member must be an Agent, not a Group");
      }
      agent(m, at, "a Group member");
    }
  }

  private static void nameAndIfis(ObjectNode actor, JsonPath path) {
    JsonNode name = actor.get("name");
    if (name != null) {
      Checks.string(name, path.field("name"), "name");
    }
    JsonNode mbox = actor.get("mbox");
    if (mbox != null) {
      String s = Checks.string(mbox, path.field("mbox"), "mbox");
      if (!XapiFormats.isMailtoIri(s)) {
        throw Checks.fail(path.field("mbox"), "mbox must be a mailto: IRI, got \"" + s + "\"");
      }
    }
    JsonNode sha1 = actor.get("mbox_sha1sum");
    if (sha1 != null) {
      String s = Checks.string(sha1, path.field("mbox_sha1sum"), "mbox_sha1sum");
      if (!XapiFormats.isSha1Hex(s)) {
        throw Checks.fail(path.field("mbox_sha1sum"),
            "mbox_sha1sum must be 40 hex digits (SHA-1 of the mailto IRI)");
      }
    }
    JsonNode openid = actor.get("openid");
    if (openid != null) {
      Checks.iri(openid, path.field("openid"), "openid");
    }
    JsonNode account = actor.get("account");
    if (account != null) {
      account(account, path.field("account"));
    }
  }

  /** An Account Object: homePage IRL and name, both required (1.0.3 Part Two §2.4.2.4). */
  private static void account(JsonNode node, JsonPath path) {
    ObjectNode account = Checks.object(node, path, "account");
    Checks.onlyKeys(account, path, ACCOUNT_KEYS, "an account");
    Checks.iri(Checks.required(account, "homePage", path, "an account"), path.field("homePage"),
        "account homePage");
    Checks.string(Checks.required(account, "name", path, "an account"), path.field("name"),
        "account name");
  }

  static int ifiCount(ObjectNode actor) {
    int n = 0;
    if (actor.has("mbox")) {
      n++;
    }
    if (actor.has("mbox_sha1sum")) {
      n++;
    }
    if (actor.has("openid")) {
      n++;
    }
    if (actor.has("account")) {
      n++;
    }
    return n;
  }
}
