package cairn.lrs.documents;

import cairn.lrs.agents.AgentParameter;
import cairn.web.ApiException;
import cairn.xapi.Timestamps;
import cairn.xapi.XapiFormats;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a document request's query parameters (the parameter tables of 1.0.3 Part Three §2.3,
 * §2.6, §2.7; IEEE 9274.1.1-2023 §4.1.6.2, §4.1.6.5, §4.1.6.6). Missing, repeated, malformed or
 * unknown parameters are a 400 naming the parameter.
 *
 * @param docId stateId / profileId, or null (GET: list the ids; DELETE of State: delete them all)
 * @param registration lowercase UUID, or null
 * @param since only for a list, or null
 */
record DocumentParameters(DocumentResource resource, String activityId, String agent, String registration,
    String docId, OffsetDateTime since) {

  static DocumentParameters parse(DocumentResource resource, HttpMethod method, MultiMap params) {
    boolean list = !params.contains(resource.idParam);
    Set<String> allowed = new HashSet<>(resource.contextParams);
    allowed.add(resource.idParam);
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      allowed.add("since");
    }
    for (String name : params.names()) {
      if (!allowed.contains(name)) {
        throw ApiException.badRequest("Unknown parameter '" + name + "' for " + method + " " + resource.path + ".", name);
      }
      if (params.getAll(name).size() > 1) {
        throw ApiException.badRequest("Parameter '" + name + "' is given more than once.", name);
      }
    }
    boolean idRequired = method == HttpMethod.PUT || method == HttpMethod.POST
        || (method == HttpMethod.DELETE && resource.isProfile());
    if (list && idRequired) {
      throw ApiException.badRequest("The " + resource.idParam + " parameter is required.", resource.idParam);
    }
    if (!list && params.contains("since")) {
      throw ApiException.badRequest("since applies to a list of ids, not with " + resource.idParam + ".", "since");
    }
    String activityId = resource.contextParams.contains("activityId") ? activityId(params.get("activityId")) : null;
    String agent = resource.contextParams.contains("agent") ? AgentParameter.parse(params.get("agent")).key() : null;
    String registration = params.contains("registration") ? registration(params.get("registration")) : null;
    String docId = list ? null : docId(resource, params.get(resource.idParam));
    OffsetDateTime since = params.contains("since") ? since(params.get("since")) : null;
    return new DocumentParameters(resource, activityId, agent, registration, docId, since);
  }

  /** The one document addressed (only when a stateId / profileId was given). */
  DocumentKey key() {
    return new DocumentKey(resource, activityId, agent, registration, docId);
  }

  private static String activityId(String value) {
    if (value == null) {
      throw ApiException.badRequest("The activityId parameter is required.", "activityId");
    }
    if (!XapiFormats.isIri(value)) {
      throw ApiException.badRequest("activityId must be an IRI.", "activityId");
    }
    return value;
  }

  private static String registration(String value) {
    if (!XapiFormats.isUuid(value)) {
      throw ApiException.badRequest("registration must be a UUID.", "registration");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static String docId(DocumentResource resource, String value) {
    if (value.isEmpty()) {
      throw ApiException.badRequest(resource.idParam + " must not be empty.", resource.idParam);
    }
    return value;
  }

  private static OffsetDateTime since(String value) {
    Timestamps.Parsed parsed = Timestamps.parse(value);
    if (parsed == null) {
      throw ApiException.badRequest("since must be an ISO 8601 timestamp.", "since");
    }
    return parsed.instant().atOffset(ZoneOffset.UTC);
  }
}
