package cairn.lrs.attachments;

import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import java.util.Objects;

/**
 * The raw data of one attachment, as a {@code multipart/mixed} part carries it and as the LRS
 * stores it: addressed by its SHA-2 hash (xAPI 1.0.3 Part Three §1.5.2; IEEE 9274.1.1-2023 §4.1.3).
 *
 * @param sha2 hex SHA-2 of the content, the part's {@code X-Experience-API-Hash}; kept lowercase so
 *     that hashes written in either case address the same data
 * @param contentType the part's {@code Content-Type}; null only straight out of the parser when the
 *     part had none ({@link Attachments#check} fills it from the statement)
 * @param content the raw octets
 */
public record Part(String sha2, String contentType, Buffer content) {
  public Part {
    Objects.requireNonNull(sha2, "sha2");
    Objects.requireNonNull(content, "content");
    sha2 = sha2.toLowerCase(Locale.ROOT);
  }

  Part withContentType(String type) {
    return new Part(sha2, type, content);
  }
}
