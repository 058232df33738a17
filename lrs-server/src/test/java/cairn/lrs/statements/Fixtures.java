package cairn.lrs.statements;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Small valid statements, each test with its own agents and activities so tests share one database. */
final class Fixtures {
  private Fixtures() {}

  static String unique() {
    return UUID.randomUUID().toString();
  }

  static JsonObject agent(String email) {
    return new JsonObject().put("objectType", "Agent").put("mbox", "mailto:" + email);
  }

  static JsonObject activity(String id) {
    return new JsonObject().put("objectType", "Activity").put("id", id)
        .put("definition", new JsonObject().put("name", new JsonObject().put("en-US", "Course").put("fr", "Cours")));
  }

  static JsonObject verb(String id) {
    return new JsonObject().put("id", id).put("display", new JsonObject().put("en-US", "did").put("de", "tat"));
  }

  static JsonObject statement(JsonObject actor, String verbId, JsonObject object) {
    return new JsonObject().put("actor", actor).put("verb", verb(verbId)).put("object", object);
  }

  static JsonObject statement(String email, String verbId, String activityId) {
    return statement(agent(email), verbId, activity(activityId));
  }

  static JsonObject voiding(String email, String targetId) {
    return new JsonObject().put("actor", agent(email))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", targetId));
  }

  static JsonObject withContextActivity(JsonObject statement, String kind, String activityId) {
    JsonObject context = statement.getJsonObject("context", new JsonObject());
    JsonObject activities = context.getJsonObject("contextActivities", new JsonObject());
    activities.put(kind, new JsonArray().add(activity(activityId)));
    context.put("contextActivities", activities);
    return statement.put("context", context);
  }
}
