package cairn.lrs.attachments;

import cairn.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Matching attachment parts to the attachments the statements declare (xAPI 1.0.3 Part Three
 * §1.5.2 "Requirements for Attachment Statement Batches"; IEEE 9274.1.1-2023 §4.1.3):
 *
 * <ul>
 *   <li>every part's content hashes to its {@code X-Experience-API-Hash} (SHA-224/256/384/512,
 *       chosen by the digest length);
 *   <li>every part is the data of some declared attachment: its hash is some attachment's
 *       {@code sha2} (XAPI-00128: no excess parts), and a {@code Content-Type} it has names the
 *       same media type as that attachment's {@code contentType} (the parameter and the property
 *       MUST match; parameters such as charset are not compared, as the spec's own example
 *       differs there);
 *   <li>every attachment without {@code fileUrl} has a part (XAPI-00129). An
 *       {@code application/json} request has no parts, so there every attachment needs a fileUrl.
 * </ul>
 *
 * <p>Attachments of a SubStatement count like the statement's own. The declared {@code length}
 * is not compared: the ADL suite declares the file size of an image it then sends hex-encoded and
 * expects the LRS to accept it.
 */
public final class Attachments {
  private Attachments() {}

  /**
   * Checks a request's parts against its statements. Run it after the statements are validated.
   *
   * @param body the statement or statement array as posted
   * @param parts the attachment parts of a multipart/mixed request, empty for application/json
   * @return the parts to store: one per hash, each with its content type
   * @throws ApiException 400 when a rule above is broken
   */
  public static List<Part> check(JsonNode body, List<Part> parts) {
    Map<String, String> declared = new HashMap<>(); // sha2 -> the first declared contentType
    Map<String, List<String>> types = new HashMap<>();
    List<Needed> needed = new ArrayList<>();
    if (body.isArray()) {
      for (int i = 0; i < body.size(); i++) {
        declare(body.get(i), "$[" + i + "]", declared, types, needed);
      }
    } else {
      declare(body, "$", declared, types, needed);
    }
    Map<String, Part> unique = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      int number = i + 2; // the statements are part 1
      verifyHash(part, number);
      String type = declared.get(part.sha2());
      if (type == null) {
        throw ApiException.badRequest("Part " + number + " (" + part.sha2() + ") is not the data of any "
            + "attachment: no attachment has that sha2.", "X-Experience-API-Hash");
      }
      if (part.contentType() != null && !types.get(part.sha2()).contains(MediaType.essence(part.contentType()))) {
        throw ApiException.badRequest("Part " + number + " has Content-Type \"" + part.contentType()
            + "\" but its attachment declares contentType \"" + type + "\".", "Content-Type");
      }
      unique.putIfAbsent(part.sha2(), part.contentType() != null ? part : part.withContentType(type));
    }
    for (Needed n : needed) {
      if (!unique.containsKey(n.sha2())) {
        throw ApiException.badRequest("The attachment has no fileUrl and the request has no part with "
            + "X-Experience-API-Hash " + n.sha2() + "; send its data as a part of a multipart/mixed "
            + "request, or give a fileUrl.", n.path());
      }
    }
    return List.copyOf(unique.values());
  }

  /** An attachment that must come with its data. */
  private record Needed(String sha2, String path) {}

  private static void declare(JsonNode statement, String path, Map<String, String> declared,
      Map<String, List<String>> types, List<Needed> needed) {
    declareAll(statement.path("attachments"), path + ".attachments", declared, types, needed);
    JsonNode object = statement.path("object");
    if ("SubStatement".equals(object.path("objectType").asText())) {
      declareAll(object.path("attachments"), path + ".object.attachments", declared, types, needed);
    }
  }

  private static void declareAll(JsonNode attachments, String path, Map<String, String> declared,
      Map<String, List<String>> types, List<Needed> needed) {
    if (!attachments.isArray()) {
      return; // absent, or malformed and reported by the statement validator
    }
    for (int j = 0; j < attachments.size(); j++) {
      JsonNode a = attachments.get(j);
      JsonNode sha2 = a.path("sha2");
      if (!sha2.isTextual()) {
        continue; // the statement validator reports it
      }
      String hash = sha2.textValue().toLowerCase(Locale.ROOT);
      String type = a.path("contentType").asText("application/octet-stream");
      declared.putIfAbsent(hash, type);
      types.computeIfAbsent(hash, h -> new ArrayList<>()).add(MediaType.essence(type));
      if (!a.hasNonNull("fileUrl")) {
        needed.add(new Needed(hash, path + "[" + j + "].sha2"));
      }
    }
  }

  /** The content must hash to the declared value (1.0.3 Part Three §1.5.2: matched by SHA-2 only). */
  private static void verifyHash(Part part, int number) {
    String algorithm = switch (part.sha2().length()) {
      case 56 -> "SHA-224";
      case 64 -> "SHA-256";
      case 96 -> "SHA-384";
      default -> "SHA-512"; // the parser admits only these four lengths
    };
    String actual = HexFormat.of().formatHex(digest(algorithm, part.content()));
    if (!actual.equals(part.sha2())) {
      throw ApiException.badRequest("Part " + number + " declares X-Experience-API-Hash " + part.sha2()
          + " but its content's " + algorithm + " is " + actual + ".", "X-Experience-API-Hash");
    }
  }

  private static byte[] digest(String algorithm, Buffer content) {
    try {
      return MessageDigest.getInstance(algorithm).digest(content.getBytes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has " + algorithm, e);
    }
  }
}
