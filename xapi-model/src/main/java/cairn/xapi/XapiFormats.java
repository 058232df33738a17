package cairn.xapi;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The string formats xAPI gives its values: UUIDs, IRIs, RFC 5646 language tags, mailto IRIs,
 * SHA-1 sums, ISO 8601 durations and MIME types (1.0.3 Part Two §4; IEEE 9274.1.1-2023 §4.2.7).
 * Everything here is allocation-light and regex-free where a small hand-written check will do,
 * because it runs for every statement ingested.
 */
public final class XapiFormats {
  private XapiFormats() {}

  /**
   * A duration per ISO 8601:2004 §4.4.3.2 (1.0.3 Part Two §4.6): {@code PnYnMnDTnHnMnS} with at
   * least one component, or the week form {@code PnW} on its own (so {@code P4W1D} is rejected).
   */
  private static final Pattern DURATION = Pattern.compile(
      "P(?:\\d+(?:[.,]\\d+)?W"
          + "|(?=\\d|T\\d)(?:\\d+(?:[.,]\\d+)?Y)?(?:\\d+(?:[.,]\\d+)?M)?(?:\\d+(?:[.,]\\d+)?D)?"
          + "(?:T(?=\\d)(?:\\d+(?:[.,]\\d+)?H)?(?:\\d+(?:[.,]\\d+)?M)?(?:\\d+(?:[.,]\\d+)?S)?)?)");

  /** RFC 6838 type/subtype, optionally followed by parameters. */
  private static final Pattern MIME_TYPE = Pattern.compile(
      "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?:\\s*;.*)?",
      Pattern.DOTALL);

  /** RFC 5646 §2.2.8 irregular grandfathered tags: not producible by the langtag grammar. */
  private static final Set<String> IRREGULAR_TAGS = Set.of(
      "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
      "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl",
      "sgn-ch-de");

  /**
   * A UUID in the standard string form (RFC 4122 §3): 8-4-4-4-12 hex digits, either case, any
   * variant or version (1.0.3 Part Two §4.4 only recommends variant 2).
   */
  public static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!isHex(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * An absolute IRI (RFC 3987): a scheme ({@code ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")}), a
   * colon and a non-empty remainder free of whitespace and the characters IRIs exclude. The suite
   * rejects IRIs "without a scheme" (1.0.3 Part Two §2.2, XAPI-00011); full RFC 3987 parsing is
   * deliberately not attempted.
   */
  public static boolean isIri(String s) {
    int colon = s.indexOf(':');
    if (colon < 1 || colon == s.length() - 1) {
      return false;
    }
    if (!isAlpha(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = s.charAt(i);
      if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    for (int i = colon + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|'
          || c == '\\' || c == '^' || c == '`' || c == 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** An mbox: {@code mailto:} followed by an address with a local part and a domain. */
  public static boolean isMailtoIri(String s) {
    if (!s.startsWith("mailto:")) {
      return false;
    }
    int at = s.indexOf('@', 7);
    if (at <= 7 || at == s.length() - 1 || s.indexOf('@', at + 1) >= 0) {
      return false;
    }
    for (int i = 7; i < s.length(); i++) {
      if (s.charAt(i) <= ' ') {
        return false;
      }
    }
    return true;
  }

  /** Forty hex digits: the SHA-1 of a mailto IRI (1.0.3 Part Two §2.4.2.3). */
  public static boolean isSha1Hex(String s) {
    return s.length() == 40 && isAllHex(s);
  }

  /** A hex SHA-2 digest: 224, 256, 384 or 512 bits (1.0.3 Part Two §2.4.11). */
  public static boolean isSha2Hex(String s) {
    int n = s.length();
    return (n == 56 || n == 64 || n == 96 || n == 128) && isAllHex(s);
  }

  public static boolean isDuration(String s) {
    return DURATION.matcher(s).matches();
  }

  public static boolean isMimeType(String s) {
    return MIME_TYPE.matcher(s).matches();
  }

  /**
   * A well-formed RFC 5646 language tag (§2.1 grammar), also rejecting a repeated extension
   * singleton or variant (§2.2.5, §2.2.6) as the conformance suite does ({@code zh-z-aaa-z-bbb}).
   */
  public static boolean isLanguageTag(String tag) {
    int n = tag.length();
    if (n == 0 || n > 256) {
      return false;
    }
    String[] sub = tag.split("-", -1);
    for (String s : sub) {
      if (s.isEmpty() || s.length() > 8 || !isAllAlphanumeric(s)) {
        return false;
      }
    }
    if (sub[0].length() == 1) {
      char c = sub[0].charAt(0);
      if (c == 'x' || c == 'X') {
        return privateUseTail(sub, 1);
      }
      return (c == 'i' || c == 'I') && IRREGULAR_TAGS.contains(tag.toLowerCase(Locale.ROOT));
    }
    if (IRREGULAR_TAGS.contains(tag.toLowerCase(Locale.ROOT))) {
      return true;
    }
    String language = sub[0];
    if (language.length() < 2 || !isAllAlpha(language)) {
      return false;
    }
    int i = 1;
    if (language.length() <= 3) {
      for (int ext = 0; ext < 3 && i < sub.length && sub[i].length() == 3 && isAllAlpha(sub[i]);
          ext++) {
        i++;
      }
    }
    if (i < sub.length && sub[i].length() == 4 && isAllAlpha(sub[i])) {
      i++; // script
    }
    if (i < sub.length && ((sub[i].length() == 2 && isAllAlpha(sub[i]))
        || (sub[i].length() == 3 && isAllDigits(sub[i])))) {
      i++; // region
    }
    int variantsStart = i;
    while (i < sub.length && isVariant(sub[i])) {
      for (int j = variantsStart; j < i; j++) {
        if (sub[j].equalsIgnoreCase(sub[i])) {
          return false;
        }
      }
      i++;
    }
    int seenSingletons = 0; // bit set over 0-9a-z
    while (i < sub.length && sub[i].length() == 1) {
      char c = Character.toLowerCase(sub[i].charAt(0));
      if (c == 'x') {
        return privateUseTail(sub, i + 1);
      }
      int bit = isDigit(c) ? c - '0' : 10 + (c - 'a');
      if ((seenSingletons & (1 << bit)) != 0) {
        return false;
      }
      seenSingletons |= 1 << bit;
      i++;
      int start = i;
      while (i < sub.length && sub[i].length() >= 2) {
        i++;
      }
      if (i == start) {
        return false;
      }
    }
    return i == sub.length;
  }

  private static boolean privateUseTail(String[] sub, int from) {
    return from < sub.length; // each later subtag is already known to be 1-8 alphanumerics
  }

  private static boolean isVariant(String s) {
    int n = s.length();
    return n >= 5 || (n == 4 && isDigit(s.charAt(0)));
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isAllHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isHex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAllAlpha(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isAlpha(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAllDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAllAlphanumeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAlpha(c) && !isDigit(c)) {
        return false;
      }
    }
    return true;
  }
}
