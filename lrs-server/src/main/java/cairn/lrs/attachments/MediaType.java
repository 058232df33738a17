package cairn.lrs.attachments;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reading a {@code Content-Type} value: {@code type/subtype; name=value; name="quoted"} (RFC 2045 §5.1). */
final class MediaType {
  private MediaType() {}

  /** The lowercase {@code type/subtype}, parameters dropped. */
  static String essence(String value) {
    int semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The parameters by lowercase name. Values may be quoted, and a quoted value may hold {@code ;}
   * (the spec's own example boundary is {@code "abcABC0123'()+_,-./:=?"}).
   */
  static Map<String, String> parameters(String value) {
    Map<String, String> parameters = new HashMap<>();
    int i = value.indexOf(';');
    while (i >= 0 && i < value.length()) {
      int eq = value.indexOf('=', i + 1);
      if (eq < 0) {
        break;
      }
      String name = value.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
      StringBuilder v = new StringBuilder();
      int j = eq + 1;
      while (j < value.length() && value.charAt(j) == ' ') {
        j++;
      }
      if (j < value.length() && value.charAt(j) == '"') {
        for (j++; j < value.length() && value.charAt(j) != '"'; j++) {
          if (value.charAt(j) == '\\' && j + 1 < value.length()) {
            j++;
          }
          v.append(value.charAt(j));
        }
        j = value.indexOf(';', j);
      } else {
        int end = value.indexOf(';', j);
        v.append(value, j, end < 0 ? value.length() : end);
        j = end;
        v = new StringBuilder(v.toString().trim());
      }
      parameters.putIfAbsent(name, v.toString());
      i = j;
    }
    return parameters;
  }
}
