package cairn.app.bench;

import cairn.xapi.IndexKeys;
import cairn.xapi.StatementNormalizer;
import cairn.xapi.XapiVersion;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A statement as Cairn stores it (see {@code StatementRoutes.prepare} and {@code StatementStore}):
 * normalized, with its id, the credential's authority and version 2.0.0, its index keys, and the
 * body text that only lacks {@code stored}, which is added when the row is written.
 */
record StoredRow(UUID id, String verb, UUID registration, String bodyWithoutStored, IndexKeys keys) {

  /** Builds rows the way Cairn does for a statement POSTed with version 2.0.0 by this credential. */
  static final class Maker {
    private final ObjectNode authority;

    Maker(String credentialName, String key, String publicUrl) {
      authority = JsonNodeFactory.instance.objectNode();
      authority.put("objectType", "Agent");
      authority.put("name", credentialName);
      authority.putObject("account").put("homePage", publicUrl).put("name", key);
    }

    StoredRow make(ObjectNode statement) {
      ObjectNode s = StatementNormalizer.normalize(statement, XapiVersion.V2_0_0);
      UUID id = UUID.fromString(s.get("id").asText());
      s.set("authority", authority.deepCopy());
      if (!s.has("version")) {
        s.put("version", "2.0.0");
      }
      IndexKeys keys = IndexKeys.of(s);
      return new StoredRow(id, keys.verbId(), keys.registration().orElse(null), s.toString(), keys);
    }
  }

  /** The body with {@code "stored"} appended as the last member, as jsonb would hold it anyway. */
  String body(String stored) {
    return bodyWithoutStored.substring(0, bodyWithoutStored.length() - 1) + ",\"stored\":\"" + stored + "\"}";
  }
}
