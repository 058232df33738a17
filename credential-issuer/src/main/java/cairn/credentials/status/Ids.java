package cairn.credentials.status;

import cairn.web.ApiException;
import java.util.UUID;

/** Credential ids in paths: a UUID, or the credential's id {@code urn:uuid:…}. */
public final class Ids {
  private Ids() {}

  public static UUID credentialId(String text) {
    String raw = text.startsWith("urn:uuid:") ? text.substring(9) : text;
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No credential with that id.");
    }
  }
}
