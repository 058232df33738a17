package cairn.credentials.profiles;

import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An issuer profile (OB 3.0 §B.1.14 Profile): name, url, email, image (as an Image object, §B.1.11),
 * description. Its id is the URL it is served at.
 */
public record Profile(String slug, String id, String name, String url, String email, String image, String description) {

  public Profile {
    if (slug == null || !slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("issuer ids are 1-63 lowercase letters, digits and hyphens");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an issuer needs a name");
    }
  }

  /** The Profile as it appears as a credential's {@code issuer}. */
  public ObjectNode json() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", id);
    o.putArray("type").add("Profile");
    o.put("name", name);
    if (url != null) {
      o.put("url", url);
    }
    if (email != null) {
      o.put("email", email);
    }
    if (description != null) {
      o.put("description", description);
    }
    if (image != null) {
      o.putObject("image").put("id", image).put("type", "Image");
    }
    return o;
  }
}
