package cairn.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code format} parameter of GET statements: ids, exact, canonical (1.0.3 Part Three
 * §2.1.3; IEEE 9274.1.1-2023 §4.1.6.1). {@code exact} is the stored statement itself. Both methods
 * return a new node and leave the argument untouched.
 */
public final class StatementFormat {
  private StatementFormat() {}

  private static final String[] IFIS = {"mbox", "mbox_sha1sum", "openid", "account"};

  /**
   * "Only include minimum information necessary in Agent, Activity, Verb and Group Objects to
   * identify them. For Anonymous Groups this means including the minimum information needed to
   * identify each member." Agents keep objectType and their IFI; identified Groups objectType and
   * IFI (no members); anonymous Groups objectType and their members reduced; Activities
   * objectType and id; Verbs their id. Applies to the actor, object, authority, context agents and
   * activities, and inside a SubStatement.
   */
  public static ObjectNode ids(ObjectNode statement) {
    ObjectNode s = statement.deepCopy();
    idsBody(s);
    replaceActor(s, "authority");
    return s;
  }

  private static void idsBody(ObjectNode s) {
    replaceActor(s, "actor");
    if (s.get("verb") instanceof ObjectNode verb && verb.has("id")) {
      ObjectNode v = JsonNodeFactory.instance.objectNode();
      v.set("id", verb.get("id"));
      s.set("verb", v);
    }
    if (s.get("object") instanceof ObjectNode object) {
      String type = object.path("objectType").asText("Activity");
      switch (type) {
        case "Activity" -> s.set("object", activityIds(object));
        case "Agent", "Group" -> s.set("object", actorIds(object));
        case "SubStatement" -> idsBody(object);
        default -> { }
      }
    }
    if (s.get("context") instanceof ObjectNode context) {
      replaceActor(context, "instructor");
      replaceActor(context, "team");
      if (context.get("contextActivities") instanceof ObjectNode ca) {
        Iterator<Map.Entry<String, JsonNode>> fields = ca.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          if (e.getValue() instanceof ObjectNode single) {
            e.setValue(activityIds(single));
          } else if (e.getValue() instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
              if (list.get(i) instanceof ObjectNode a) {
                list.set(i, activityIds(a));
              }
            }
          }
        }
      }
      for (JsonNode ca : context.path("contextAgents")) {
        if (ca instanceof ObjectNode o) {
          replaceActor(o, "agent");
        }
      }
      for (JsonNode cg : context.path("contextGroups")) {
        if (cg instanceof ObjectNode o) {
          replaceActor(o, "group");
        }
      }
    }
  }

  private static void replaceActor(ObjectNode parent, String field) {
    if (parent.get(field) instanceof ObjectNode actor) {
      parent.set(field, actorIds(actor));
    }
  }

  /** An Activity is its id alone: the conformance suite counts one key (XAPI-00171). */
  private static ObjectNode activityIds(ObjectNode activity) {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.set("id", activity.get("id"));
    return a;
  }

  private static ObjectNode actorIds(ObjectNode actor) {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    JsonNode type = actor.get("objectType");
    a.put("objectType", type == null ? "Agent" : type.asText());
    boolean identified = false;
    for (String ifi : IFIS) {
      JsonNode v = actor.get(ifi);
      if (v != null) {
        a.set(ifi, v);
        identified = true;
      }
    }
    if (!identified && actor.get("member") instanceof ArrayNode members) {
      ArrayNode reduced = a.putArray("member");
      for (JsonNode m : members) {
        reduced.add(m instanceof ObjectNode o ? actorIds(o) : m);
      }
    }
    return a;
  }

  /**
   * "Return Activity Objects and Verbs populated with the canonical definition ... only one
   * language should be returned in each Language Map" chosen by the Accept-Language list:
   * verb display, activity name and description, interaction component descriptions and
   * attachment display and description, including inside a SubStatement.
   *
   * @param acceptLanguages language ranges in order of preference (already sorted by q-value);
   *     {@code *} matches anything. With no match, one entry of the map is kept.
   */
  public static ObjectNode canonical(ObjectNode statement, List<String> acceptLanguages) {
    ObjectNode s = statement.deepCopy();
    canonicalBody(s, acceptLanguages);
    return s;
  }

  private static void canonicalBody(ObjectNode s, List<String> langs) {
    if (s.get("verb") instanceof ObjectNode verb) {
      reduce(verb, "display", langs);
    }
    if (s.get("object") instanceof ObjectNode object) {
      String type = object.path("objectType").asText("Activity");
      if (type.equals("Activity")) {
        canonicalActivity(object, langs);
      } else if (type.equals("SubStatement")) {
        canonicalBody(object, langs);
      }
    }
    if (s.path("context").get("contextActivities") instanceof ObjectNode ca) {
      for (JsonNode value : ca) {
        if (value instanceof ObjectNode single) {
          canonicalActivity(single, langs);
        } else {
          for (JsonNode a : value) {
            if (a instanceof ObjectNode o) {
              canonicalActivity(o, langs);
            }
          }
        }
      }
    }
    for (JsonNode attachment : s.path("attachments")) {
      if (attachment instanceof ObjectNode a) {
        reduce(a, "display", langs);
        reduce(a, "description", langs);
      }
    }
  }

  private static void canonicalActivity(ObjectNode activity, List<String> langs) {
    if (!(activity.get("definition") instanceof ObjectNode def)) {
      return;
    }
    reduce(def, "name", langs);
    reduce(def, "description", langs);
    for (String list : new String[] {"choices", "scale", "source", "target", "steps"}) {
      for (JsonNode component : def.path(list)) {
        if (component instanceof ObjectNode c) {
          reduce(c, "description", langs);
        }
      }
    }
  }

  private static void reduce(ObjectNode parent, String field, List<String> langs) {
    if (!(parent.get(field) instanceof ObjectNode map) || map.size() <= 1) {
      return;
    }
    String key = bestLanguage(map, langs);
    ObjectNode one = JsonNodeFactory.instance.objectNode();
    one.set(key, map.get(key));
    parent.set(field, one);
  }

  /**
   * RFC 4647 §3.4 lookup over the preference list: for each range in order, an exact
   * (case-insensitive) key; then a key the range is a prefix of ({@code en} finds {@code en-GB});
   * then the range truncated subtag by subtag ({@code en-US} finds {@code en}). {@code *} takes
   * the first entry, as does running out of ranges.
   */
  static String bestLanguage(ObjectNode map, List<String> langs) {
    for (String range : langs) {
      String r = range.trim().toLowerCase(Locale.ROOT);
      if (r.equals("*")) {
        break;
      }
      String prefixMatch = null;
      Iterator<String> keys = map.fieldNames();
      while (keys.hasNext()) {
        String key = keys.next();
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals(r)) {
          return key;
        }
        if (prefixMatch == null && k.startsWith(r) && k.charAt(r.length()) == '-') {
          prefixMatch = key;
        }
      }
      if (prefixMatch != null) {
        return prefixMatch;
      }
      for (int dash = r.lastIndexOf('-'); dash > 0; dash = r.lastIndexOf('-', dash - 1)) {
        String truncated = r.substring(0, dash);
        keys = map.fieldNames();
        while (keys.hasNext()) {
          String key = keys.next();
          if (key.equalsIgnoreCase(truncated)) {
            return key;
          }
        }
      }
    }
    return map.fieldNames().next();
  }
}
