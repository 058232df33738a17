package cairn.xapi;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The xAPI versions Cairn speaks, chosen per request by the {@code X-Experience-API-Version} header
 * (xAPI 1.0.3 Part Three §6.2; IEEE 9274.1.1-2023 §4.1.2 "Versioning").
 */
public enum XapiVersion {
  V1_0_3("1.0.3"),
  V2_0_0("2.0.0");

  private static final Pattern V1 = Pattern.compile("1\\.0\\.[0-9]+");
  private static final Pattern V2 = Pattern.compile("2\\.0\\.[0-9]+");

  private final String header;

  XapiVersion(String header) {
    this.header = header;
  }

  /** The value Cairn sends back in {@code X-Experience-API-Version}. */
  public String header() {
    return header;
  }

  /**
   * Reads a request header value. 1.0.3 accepts any {@code 1.0.x} (1.0.3 §6.2: an LRS accepts
   * requests with a version of 1.0 or 1.0.x); 2.0 accepts {@code 2.0} and {@code 2.0.x}.
   */
  public static Optional<XapiVersion> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.equals("1.0") || v.equals("1.0.3") || V1.matcher(v).matches()) {
      return Optional.of(V1_0_3);
    }
    if (v.equals("2.0") || v.equals("2.0.0") || V2.matcher(v).matches()) {
      return Optional.of(V2_0_0);
    }
    return Optional.empty();
  }
}
