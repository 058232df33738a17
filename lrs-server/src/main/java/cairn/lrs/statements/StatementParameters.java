package cairn.lrs.statements;

import cairn.lrs.LrsOptions;
import cairn.web.ApiException;
import cairn.web.Json;
import cairn.xapi.Agents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the GET statements parameters (xAPI 1.0.3 Part Three §2.1.3; IEEE 9274.1.1-2023
 * §4.1.6.1), rejecting unknown ones and bad values with 400 naming the parameter, and encodes the
 * opaque {@code more} token that continues a query from its keyset position.
 */
final class StatementParameters {
  private static final Set<String> QUERY_PARAMS = Set.of("agent", "verb", "activity", "registration",
      "related_activities", "related_agents", "since", "until", "limit", "format", "attachments", "ascending");
  private static final Set<String> SINGLE_PARAMS = Set.of("statementId", "voidedStatementId", "format", "attachments");
  private static final Set<String> FORMATS = Set.of("ids", "exact", "canonical");
  private static final Pattern IRI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:\\S+$");

  private final LrsOptions options;

  StatementParameters(LrsOptions options) {
    this.options = options;
  }

  /** A GET by id ({@code voided}: asked as voidedStatementId). */
  record Single(UUID id, boolean voided) {}

  /** A parsed GET: either {@code single} or {@code query}. */
  record Request(Single single, StatementQuery query, String format, boolean attachments) {}

  Request parse(MultiMap params, String authorityKey) {
    for (String name : params.names()) {
      if (params.getAll(name).size() > 1) {
        throw ApiException.badRequest("Parameter '" + name + "' is given more than once.", name);
      }
    }
    if (params.contains("more")) {
      if (params.size() > 1) {
        throw ApiException.badRequest("A 'more' link takes no other parameters.", "more");
      }
      return fromToken(params.get("more"), authorityKey);
    }
    String format = params.contains("format") ? params.get("format") : "exact";
    if (!FORMATS.contains(format)) {
      throw ApiException.badRequest("format must be ids, exact or canonical.", "format");
    }
    boolean attachments = bool(params, "attachments");
    boolean byId = params.contains("statementId");
    boolean byVoidedId = params.contains("voidedStatementId");
    if (byId || byVoidedId) {
      if (byId && byVoidedId) {
        throw ApiException.badRequest("Give statementId or voidedStatementId, not both.", "statementId");
      }
      for (String name : params.names()) {
        if (!SINGLE_PARAMS.contains(name)) {
          throw ApiException.badRequest("Parameter '" + name
              + "' cannot be combined with statementId or voidedStatementId.", name);
        }
      }
      String name = byId ? "statementId" : "voidedStatementId";
      return new Request(new Single(uuid(params.get(name), name), byVoidedId), null, format, attachments);
    }
    for (String name : params.names()) {
      if (!QUERY_PARAMS.contains(name)) {
        throw ApiException.badRequest("Unknown parameter '" + name + "'.", name);
      }
    }
    String agent = null;
    if (params.contains("agent")) {
      JsonNode node;
      try {
        node = Json.parse(params.get("agent"));
      } catch (ApiException e) {
        throw ApiException.badRequest("agent must be an Agent or Identified Group as JSON.", "agent");
      }
      agent = Agents.ifiKey(node).orElseThrow(() -> ApiException.badRequest(
          "agent must be an Agent or Identified Group with exactly one inverse functional identifier.", "agent"));
    }
    StatementQuery query = new StatementQuery(
        agent,
        bool(params, "related_agents"),
        iri(params, "verb"),
        iri(params, "activity"),
        bool(params, "related_activities"),
        params.contains("registration") ? uuid(params.get("registration"), "registration") : null,
        time(params, "since"),
        time(params, "until"),
        limit(params),
        bool(params, "ascending"),
        authorityKey,
        null);
    return new Request(null, query, format, attachments);
  }

  /** The token of a {@code more} link: the query, its format, and where the last page ended. */
  String more(Request request, StatementQuery.Cursor cursor) {
    StatementQuery q = request.query();
    ObjectNode t = Json.MAPPER.createObjectNode();
    if (q.agent() != null) t.put("agent", q.agent());
    if (q.relatedAgents()) t.put("relatedAgents", true);
    if (q.verb() != null) t.put("verb", q.verb());
    if (q.activity() != null) t.put("activity", q.activity());
    if (q.relatedActivities()) t.put("relatedActivities", true);
    if (q.registration() != null) t.put("registration", q.registration().toString());
    if (q.since() != null) t.put("since", q.since().toString());
    if (q.until() != null) t.put("until", q.until().toString());
    t.put("limit", q.limit());
    if (q.ascending()) t.put("ascending", true);
    t.put("format", request.format());
    if (request.attachments()) t.put("attachments", true);
    t.put("stored", cursor.stored().toString());
    t.put("seq", cursor.seq());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(t.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Request fromToken(String token, String authorityKey) {
    JsonNode t;
    try {
      t = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | ApiException e) {
      throw ApiException.badRequest("The 'more' token is not one this LRS issued.", "more");
    }
    try {
      StatementQuery q = new StatementQuery(
          text(t, "agent"), t.path("relatedAgents").asBoolean(), text(t, "verb"), text(t, "activity"),
          t.path("relatedActivities").asBoolean(),
          t.hasNonNull("registration") ? UUID.fromString(t.get("registration").asText()) : null,
          t.hasNonNull("since") ? OffsetDateTime.parse(t.get("since").asText()) : null,
          t.hasNonNull("until") ? OffsetDateTime.parse(t.get("until").asText()) : null,
          t.path("limit").asInt(), t.path("ascending").asBoolean(), authorityKey,
          new StatementQuery.Cursor(OffsetDateTime.parse(t.get("stored").asText()), t.get("seq").asLong()));
      if (q.limit() <= 0) {
        throw new IllegalArgumentException("limit");
      }
      return new Request(null, q, t.path("format").asText("exact"), t.path("attachments").asBoolean());
    } catch (RuntimeException e) {
      throw ApiException.badRequest("The 'more' token is not one this LRS issued.", "more");
    }
  }

  private static String text(JsonNode t, String field) {
    return t.hasNonNull(field) ? t.get(field).asText() : null;
  }

  static UUID uuid(String value, String name) {
    try {
      if (value.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(name + " must be a UUID.", name);
    }
  }

  private static boolean bool(MultiMap params, String name) {
    String v = params.get(name);
    if (v == null) {
      return false;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest(name + " must be true or false.", name);
    };
  }

  private static String iri(MultiMap params, String name) {
    String v = params.get(name);
    if (v != null && !IRI.matcher(v).matches()) {
      throw ApiException.badRequest(name + " must be an IRI.", name);
    }
    return v;
  }

  private static OffsetDateTime time(MultiMap params, String name) {
    String v = params.get(name);
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + " must be an ISO 8601 timestamp with a time zone.", name);
    }
  }

  private int limit(MultiMap params) {
    String v = params.get("limit");
    if (v == null) {
      return options.defaultLimit();
    }
    int limit;
    try {
      limit = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit must be a non-negative integer.", "limit");
    }
    if (limit < 0) {
      throw ApiException.badRequest("limit must be a non-negative integer.", "limit");
    }
    return limit == 0 || limit > options.maxLimit() ? options.maxLimit() : limit;
  }
}
