package cairn.credentials.profiles;

import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An issuer profile (OB 3.0 §B.1.14 Profile): name, url, email, image (as an Image object, §B.1.11),
 * description. Its id is the URL it is served at. {@code forms} says which forms its credentials are
 * issued in: {@link #VC_JWT}, {@link #DATA_INTEGRITY} or both (null: unchanged, or both for a new profile).
 */
public record Profile(String slug, String id, String name, String url, String email, String image, String description,
    List<String> forms) {
  public static final String VC_JWT = "vc-jwt";
  public static final String DATA_INTEGRITY = "data-integrity";
  public static final List<String> ALL_FORMS = List.of(VC_JWT, DATA_INTEGRITY);

  public Profile(String slug, String id, String name, String url, String email, String image, String description) {
    this(slug, id, name, url, email, image, description, null);
  }

  public Profile {
    if (slug == null || !slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("issuer ids are 1-63 lowercase letters, digits and hyphens");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an issuer needs a name");
    }
    if (forms != null && (forms.isEmpty() || !ALL_FORMS.containsAll(forms))) {
      throw new IllegalArgumentException("forms lists one or both of vc-jwt and data-integrity");
    }
    forms = forms == null ? null : ALL_FORMS.stream().filter(forms::contains).toList();
  }

  /** Whether this profile's credentials are issued in {@code form}. */
  public boolean issues(String form) {
    return forms == null || forms.contains(form);
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
