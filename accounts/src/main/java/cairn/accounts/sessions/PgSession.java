package cairn.accounts.sessions;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.sstore.AbstractSession;
import java.util.Map;

/**
 * A Vert.x web session kept in PostgreSQL by {@link PgSessionStore}. Its data is stored as JSON, so
 * only strings, numbers and booleans can be kept in it (a session never holds objects that would
 * need class-named deserialisation).
 */
final class PgSession extends AbstractSession {

  PgSession(VertxContextPRNG prng, long timeout, int length) {
    super(prng, timeout, length);
  }

  /** A session read back from its row. */
  PgSession(VertxContextPRNG prng, String id, long timeout, long lastAccessed, int version, JsonObject data) {
    super(prng);
    setId(id);
    setTimeout(timeout);
    setLastAccessed(lastAccessed);
    setVersion(version);
    setData(data);
  }

  /** The data as JSON; a value JSON cannot hold is refused, not silently dropped. */
  JsonObject json() {
    JsonObject json = new JsonObject();
    for (Map.Entry<String, Object> entry : data().entrySet()) {
      Object value = entry.getValue();
      if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new IllegalArgumentException("Session value '" + entry.getKey() + "' is a "
            + value.getClass().getName() + "; a PostgreSQL session keeps strings, numbers and booleans only.");
      }
      json.put(entry.getKey(), value);
    }
    return json;
  }
}
