package cairn.lrs.attachments;

import cairn.web.ApiException;
import cairn.web.Json;
import cairn.xapi.XapiFormats;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code multipart/mixed} transmission format of statements with attachments (xAPI 1.0.3 Part
 * Three §1.5.2; IEEE 9274.1.1-2023 §4.1.3; RFC 2046 §5.1.1): the first part holds the statement or
 * statements as {@code application/json}, each further part the raw octets of one attachment,
 * named by its {@code X-Experience-API-Hash}.
 *
 * <p>The parser is strict, as RFC 2046 is: lines end in CRLF, every part follows a boundary line,
 * and the body ends with the closing boundary. Any malformation is a 400 naming what is wrong; the
 * parser throws nothing but {@link ApiException}.
 */
public final class MultipartMixed {
  static final String TYPE = "multipart/mixed";
  private static final String HASH = "X-Experience-API-Hash";
  private static final String ENCODING = "Content-Transfer-Encoding";
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] DASHES = {'-', '-'};
  private static final SecureRandom RANDOM = new SecureRandom();

  private MultipartMixed() {}

  /** A parsed request: the JSON of the first part (a statement or an array) and the other parts. */
  public record Request(JsonNode statements, List<Part> parts) {
    public Request {
      parts = List.copyOf(parts);
    }
  }

  /** A response body and the {@code Content-Type} header that names its boundary. */
  public record Response(String contentType, Buffer body) {}

  /** Whether a {@code Content-Type} header value is {@code multipart/mixed}, whatever its parameters. */
  public static boolean matches(String contentType) {
    return contentType != null && TYPE.equals(MediaType.essence(contentType));
  }

  public static Request parse(Buffer body, String contentType) {
    return parse(body == null ? new byte[0] : body.getBytes(), contentType);
  }

  /**
   * Splits a request body into its parts.
   *
   * @param contentType the request's {@code Content-Type}, which must carry the boundary
   */
  public static Request parse(byte[] body, String contentType) {
    if (!matches(contentType)) {
      throw ApiException.badRequest("Content-Type must be multipart/mixed, got \"" + contentType + "\".",
          "Content-Type");
    }
    byte[] boundary = boundary(contentType);
    List<byte[]> raw = split(body, boundary);
    if (raw.isEmpty()) {
      throw ApiException.badRequest("The multipart/mixed body has no parts; the first part must hold "
          + "the statements as application/json.");
    }
    Map<String, String> first = headers(raw.get(0), 1);
    String firstType = first.get("content-type");
    if (firstType == null || !"application/json".equals(MediaType.essence(firstType))) {
      throw ApiException.badRequest("The first part of a multipart/mixed body must have Content-Type "
          + "application/json (the statements), got " + (firstType == null ? "none" : "\"" + firstType + "\"")
          + ".", "Content-Type");
    }
    JsonNode statements = json(content(raw.get(0), 1));
    List<Part> parts = new ArrayList<>(raw.size() - 1);
    for (int i = 1; i < raw.size(); i++) {
      parts.add(part(raw.get(i), i + 1));
    }
    return new Request(statements, parts);
  }

  /**
   * Builds a {@code multipart/mixed} response: the JSON first, then each distinct attachment once.
   *
   * @param json a statement or a StatementResult, serialized
   * @param parts the attachments of the statements in {@code json}; repeated hashes are sent once
   */
  public static Response write(String json, Collection<Part> parts) {
    // 128 random bits: the odds of the boundary occurring inside an attachment are nil, so the
    // content is not scanned for it.
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String boundary = "cairn-" + HexFormat.of().formatHex(random);
    String delimiter = "--" + boundary + "\r\n";
    Buffer out = Buffer.buffer(json.length() + 256);
    out.appendString(delimiter).appendString("Content-Type: application/json\r\n\r\n").appendString(json);
    Set<String> seen = new HashSet<>();
    for (Part part : parts) {
      if (!seen.add(part.sha2())) {
        continue;
      }
      String type = part.contentType() != null ? part.contentType() : "application/octet-stream";
      out.appendString("\r\n").appendString(delimiter)
          .appendString("Content-Type: " + type + "\r\n")
          .appendString(ENCODING + ": binary\r\n")
          .appendString(HASH + ": " + part.sha2() + "\r\n\r\n")
          .appendBuffer(part.content());
    }
    out.appendString("\r\n--" + boundary + "--\r\n");
    return new Response(TYPE + "; boundary=" + boundary, out);
  }

  /** The boundary parameter: 1 to 70 characters from RFC 2046's bchars, not ending in a space. */
  private static byte[] boundary(String contentType) {
    String boundary = MediaType.parameters(contentType).get("boundary");
    if (boundary == null || boundary.isEmpty()) {
      throw ApiException.badRequest("The multipart/mixed Content-Type has no boundary parameter.",
          "Content-Type");
    }
    boolean valid = boundary.length() <= 70 && !boundary.endsWith(" ")
        && boundary.chars().allMatch(c -> c < 128
            && (Character.isLetterOrDigit(c) || "'()+_,-./:=? ".indexOf(c) >= 0));
    if (!valid) {
      throw ApiException.badRequest("The multipart boundary \"" + boundary + "\" is not valid: RFC 2046 "
          + "allows 1 to 70 letters, digits and '()+_,-./:=? characters.", "Content-Type");
    }
    return boundary.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The raw parts between the first boundary line and the closing one (RFC 2046 §5.1.1): a
   * boundary line is CRLF "--" boundary, except that the first may open the body.
   */
  private static List<byte[]> split(byte[] body, byte[] boundary) {
    byte[] dashBoundary = concat(DASHES, boundary);
    byte[] delimiter = concat(CRLF, dashBoundary);
    int at;
    if (startsWith(body, 0, dashBoundary)) {
      at = dashBoundary.length;
    } else {
      int found = indexOf(body, delimiter, 0);
      if (found < 0) {
        throw ApiException.badRequest("The body has no boundary line \"--" + ascii(boundary)
            + "\" (boundary lines start on a new line; lines end in CRLF).");
      }
      at = found + delimiter.length;
    }
    List<byte[]> parts = new ArrayList<>();
    while (!startsWith(body, at, DASHES)) {
      while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
        at++; // transport padding
      }
      if (!startsWith(body, at, CRLF)) {
        throw ApiException.badRequest("Boundary line " + (parts.size() + 1)
            + " does not end in CRLF (multipart lines end in CRLF, RFC 2046).");
      }
      int start = at + CRLF.length;
      int end = indexOf(body, delimiter, start);
      if (end < 0) {
        throw ApiException.badRequest("Part " + (parts.size() + 1) + " is not followed by a boundary "
            + "line; the body must end with \"--" + ascii(boundary) + "--\" on its own line.");
      }
      parts.add(Arrays.copyOfRange(body, start, end));
      at = end + delimiter.length;
    }
    return parts; // whatever follows the closing boundary is the epilogue, ignored
  }

  private static Part part(byte[] raw, int number) {
    Map<String, String> headers = headers(raw, number);
    String hash = headers.get(HASH.toLowerCase(Locale.ROOT));
    if (hash == null) {
      throw ApiException.badRequest("Part " + number + " has no " + HASH + " header; every attachment "
          + "part must name the SHA-2 of its content.", HASH);
    }
    if (!XapiFormats.isSha2Hex(hash)) {
      throw ApiException.badRequest("Part " + number + " has " + HASH + " \"" + hash
          + "\", which is not a hex SHA-2 digest.", HASH);
    }
    String encoding = headers.get(ENCODING.toLowerCase(Locale.ROOT));
    // A missing header means binary: the LRS SHOULD assume it (1.0.3 Part Three §1.5.2).
    if (encoding != null && !encoding.equalsIgnoreCase("binary")) {
      throw ApiException.badRequest("Part " + number + " has " + ENCODING + " \"" + encoding
          + "\"; attachment parts must be sent as binary.", ENCODING);
    }
    String type = headers.get("content-type");
    return new Part(hash, type == null || type.isEmpty() ? null : type, Buffer.buffer(content(raw, number)));
  }

  /** The header fields of a part, by lowercase name. A part without headers starts with CRLF. */
  private static Map<String, String> headers(byte[] raw, int number) {
    Map<String, String> headers = new LinkedHashMap<>();
    int end = headerEnd(raw, number);
    if (end == 0) {
      return headers;
    }
    String last = null;
    for (String line : new String(raw, 0, end - CRLF.length, StandardCharsets.ISO_8859_1).split("\r\n", -1)) {
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        headers.merge(last, " " + line.trim(), String::concat); // a folded header line
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw ApiException.badRequest("Part " + number + " has a malformed header line \"" + line
            + "\" (expected Name: value).");
      }
      last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      if (headers.put(last, line.substring(colon + 1).trim()) != null) {
        throw ApiException.badRequest("Part " + number + " repeats the header " + line.substring(0, colon)
            + ".", line.substring(0, colon));
      }
    }
    return headers;
  }

  private static byte[] content(byte[] raw, int number) {
    int end = headerEnd(raw, number);
    return Arrays.copyOfRange(raw, end == 0 ? CRLF.length : end + CRLF.length, raw.length);
  }

  /**
   * Where the header block ends: the index just past the CRLF of the last header line, so that a
   * CRLF follows (0 when the part has no headers). The blank line is required.
   */
  private static int headerEnd(byte[] raw, int number) {
    if (startsWith(raw, 0, CRLF)) {
      return 0;
    }
    int blank = indexOf(raw, new byte[] {'\r', '\n', '\r', '\n'}, 0);
    if (blank < 0) {
      throw ApiException.badRequest("Part " + number + " has no blank line (CRLF CRLF) between its "
          + "headers and its content.");
    }
    return blank + CRLF.length;
  }

  private static JsonNode json(byte[] content) {
    try {
      return Json.parse(Buffer.buffer(content));
    } catch (ApiException e) {
      throw ApiException.badRequest("The first part (the statements): " + e.getMessage(), e.path());
    }
  }

  private static boolean startsWith(byte[] haystack, int from, byte[] prefix) {
    if (from < 0 || from + prefix.length > haystack.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (haystack[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Naive search; the needle is a boundary of at most 74 bytes, so this stays linear enough. */
  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    for (int i = Math.max(from, 0); i + needle.length <= haystack.length; i++) {
      if (haystack[i] == needle[0] && startsWith(haystack, i, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
