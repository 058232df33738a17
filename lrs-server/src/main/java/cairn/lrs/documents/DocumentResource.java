package cairn.lrs.documents;

import cairn.web.auth.Credential;
import cairn.web.auth.Scope;
import java.util.Set;

/**
 * The three document resources (1.0.3 Part Three §2.2; IEEE 9274.1.1-2023 §4.1.6.2, §4.1.6.5,
 * §4.1.6.6) and what sets them apart: the path, the parameters that locate a document, and the scope
 * a credential needs (1.0.3 Part Three §4.2 scope table: {@code state}, {@code profile}; reads
 * also with {@code all/read}).
 */
enum DocumentResource {
  STATE("state", "/xapi/activities/state", "stateId", Scope.STATE,
      Set.of("activityId", "agent", "registration")),
  ACTIVITY_PROFILE("activity_profile", "/xapi/activities/profile", "profileId", Scope.PROFILE,
      Set.of("activityId")),
  AGENT_PROFILE("agent_profile", "/xapi/agents/profile", "profileId", Scope.PROFILE,
      Set.of("agent"));

  final String dbName;
  final String path;
  final String idParam;
  final Scope scope;
  /** The parameters locating the set of documents (registration being the only optional one). */
  final Set<String> contextParams;

  DocumentResource(String dbName, String path, String idParam, Scope scope, Set<String> contextParams) {
    this.dbName = dbName;
    this.path = path;
    this.idParam = idParam;
    this.scope = scope;
    this.contextParams = contextParams;
  }

  boolean isProfile() {
    return this != STATE;
  }

  boolean readableBy(Credential credential) {
    return credential.has(scope) || credential.has(Scope.ALL) || credential.has(Scope.ALL_READ);
  }

  boolean writableBy(Credential credential) {
    return credential.has(scope) || credential.has(Scope.ALL);
  }
}
