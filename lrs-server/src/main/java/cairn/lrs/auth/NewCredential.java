package cairn.lrs.auth;

import cairn.web.ApiException;
import cairn.web.auth.Scope;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An API credential to create, as the admin API ({@code POST /api/v1/credentials}) and the console's
 * form take it: a name of 1 to 200 characters and at least one scope. Wrong input is a 400 naming the
 * field ({@code $.name}, {@code $.scopes}), whichever way it came.
 */
public record NewCredential(String name, Set<Scope> scopes) {
  public static final int MAX_NAME = 200;

  public NewCredential {
    if (name == null || name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("name is required (1 to " + MAX_NAME + " characters, no control characters).",
          "$.name");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw ApiException.badRequest("scopes must be a non-empty array of xAPI scope names.", "$.scopes");
    }
    scopes = Set.copyOf(EnumSet.copyOf(scopes));
  }

  /** Reads {@code {"name": ..., "scopes": [...]}}. */
  public static NewCredential fromJson(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badRequest("Send a JSON object: {\"name\": ..., \"scopes\": [...]}.", "$");
    }
    JsonNode scopeList = body.path("scopes");
    if (!scopeList.isArray() || scopeList.isEmpty()) {
      throw ApiException.badRequest("scopes must be a non-empty array of xAPI scope names.", "$.scopes");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (int i = 0; i < scopeList.size(); i++) {
      scopes.add(scope(scopeList.get(i).asText(), "$.scopes[" + i + "]"));
    }
    return new NewCredential(body.path("name").asText(""), scopes);
  }

  /** Reads the scope names of a form's checkboxes. */
  public static NewCredential of(String name, List<String> scopeNames) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String wire : scopeNames) {
      scopes.add(scope(wire, "$.scopes"));
    }
    return new NewCredential(name == null ? "" : name.strip(), scopes);
  }

  private static Scope scope(String wire, String path) {
    return Scope.fromWire(wire).orElseThrow(() -> ApiException.badRequest("Unknown scope '" + wire + "'.", path));
  }
}
