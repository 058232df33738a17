package cairn.lrs.documents;

import cairn.web.ApiException;
import cairn.xapi.XapiVersion;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code If-Match} / {@code If-None-Match} headers of a document write (1.0.3 Part Three §3.1;
 * IEEE 9274.1.1-2023 §4.1.4 "Concurrency"), evaluated as RFC 9110 §13.1.1-2 do: a failed
 * precondition is a 412 and changes nothing.
 *
 * @param ifMatch entity tags of If-Match, unquoted ({@code *} kept as is), or null when absent
 * @param ifNoneMatch the same for If-None-Match
 */
record Preconditions(List<String> ifMatch, List<String> ifNoneMatch) {

  static Preconditions of(HttpServerRequest request) {
    return new Preconditions(tags(request.getHeader("If-Match")), tags(request.getHeader("If-None-Match")));
  }

  boolean absent() {
    return ifMatch == null && ifNoneMatch == null;
  }

  /** Fails with 412 unless the headers hold for {@code existing} (null: no such document). */
  void check(Document existing) {
    if (ifMatch != null && (existing == null || !matches(ifMatch, existing.etag()))) {
      throw failed(existing == null
          ? "If-Match was given but there is no such document."
          : "If-Match does not match the document's current ETag \"" + existing.etag() + "\".", "If-Match");
    }
    if (ifNoneMatch != null && existing != null && matches(ifNoneMatch, existing.etag())) {
      throw failed("If-None-Match: the document exists (ETag \"" + existing.etag() + "\").", "If-None-Match");
    }
  }

  /**
   * The rules for a PUT without either header. Overwriting an existing document is a 409 for the
   * profile resources (1.0.3 §3.1) and, in 2.0, for State too (the 2.0 conformance suite, 4.1.4,
   * tests all three; 1.0.3 §2.3 lets State writes go without concurrency headers, which SCORM-era
   * content relies on). The 1.0.3 suite also wants a 400 for a headerless PUT creating a profile
   * document (XAPI-00273 "returns an error code and message"); 2.0 dropped that test.
   */
  void checkPut(DocumentResource resource, XapiVersion version, Document existing) {
    check(existing);
    if (!absent()) {
      return;
    }
    if (existing != null && (resource.isProfile() || version == XapiVersion.V2_0_0)) {
      throw ApiException.conflict("The document exists: send If-Match with its ETag \"" + existing.etag()
          + "\" to replace it, or POST to merge.", "If-Match");
    }
    if (existing == null && resource.isProfile() && version == XapiVersion.V1_0_3) {
      throw ApiException.badRequest("A PUT to a profile document needs If-Match or If-None-Match "
          + "(If-None-Match: * to create it).", "If-None-Match");
    }
  }

  /** Whether an If-None-Match on a GET matches, so the answer is 304 Not Modified. */
  boolean notModified(Document existing) {
    return ifNoneMatch != null && matches(ifNoneMatch, existing.etag());
  }

  private static boolean matches(List<String> tags, String etag) {
    return tags.contains("*") || tags.contains(etag);
  }

  /**
   * Splits a header into entity tags without quotes. Weak tags ({@code W/"..."}) are compared by
   * their value: every ETag this LRS sends is strong, so a weak one can only be a client's
   * rewriting of ours. Unquoted values are accepted for the same leniency.
   */
  private static List<String> tags(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    List<String> tags = new ArrayList<>();
    for (String part : header.split(",")) {
      String tag = part.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
        tag = tag.substring(1, tag.length() - 1);
      }
      if (!tag.isEmpty()) {
        tags.add(tag.toLowerCase(java.util.Locale.ROOT)); // our ETags are lowercase hex
      }
    }
    return tags;
  }

  private static ApiException failed(String message, String header) {
    return new ApiException(412, message, header);
  }
}
