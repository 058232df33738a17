package cairn.xapi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO 8601 combined date-time values as xAPI uses them for {@code timestamp} and {@code stored}
 * (1.0.3 Part Two §4.5; IEEE 9274.1.1-2023 §4.2.7, which points at RFC 3339).
 *
 * <p>Accepted: the extended form ({@code 2008-09-15T15:53:00.601+01:00}) and the basic form
 * ({@code 20080915T155300.601+0100}), with any number of fraction digits and a {@code Z},
 * {@code ±hh}, {@code ±hhmm} or {@code ±hh:mm} offset. A value without an offset is accepted and
 * read as UTC (1.0.3 §4.5 only says a timestamp SHOULD include the time zone). The "unknown
 * offset" {@code -00}, {@code -0000} and {@code -00:00} are rejected: ISO 8601 forbids them and the
 * conformance suite rejects them in both versions.
 */
public final class Timestamps {
  private Timestamps() {}

  private static final Pattern EXTENDED = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?"
          + "([Zz]|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern BASIC = Pattern.compile(
      "(\\d{4})(\\d{2})(\\d{2})[Tt](\\d{2})(\\d{2})(\\d{2})(?:[.,](\\d{1,9}))?"
          + "([Zz]|[+-]\\d{2}(?:\\d{2})?)?");

  /** A parsed timestamp: the instant, and the fraction digits as written (precision kept). */
  public record Parsed(Instant instant, String fraction) {}

  /** Parses a timestamp, or returns {@code null} when it is not a valid one. */
  public static Parsed parse(String value) {
    Matcher m = value.indexOf('-', 0) == 4 ? EXTENDED.matcher(value) : BASIC.matcher(value);
    if (!m.matches()) {
      return null;
    }
    try {
      LocalDateTime local = LocalDateTime.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
      String fraction = m.group(7) == null ? "" : m.group(7);
      int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      ZoneOffset offset = offset(m.group(8));
      if (offset == null) {
        return null;
      }
      return new Parsed(local.toInstant(offset).plusNanos(nanos), fraction);
    } catch (DateTimeException e) {
      return null; // month 13, February 30th and the like
    }
  }

  public static boolean isValid(String value) {
    return parse(value) != null;
  }

  /**
   * The same instant written in UTC with a {@code Z}, keeping every fraction digit given and
   * padding to milliseconds (1.0.3 §4.5: precision to at least milliseconds is preserved; the LRS
   * SHOULD return UTC; 2.0 §4.2.7 the LRS converts timestamps to UTC).
   */
  public static String toUtc(Parsed parsed) {
    LocalDateTime utc = LocalDateTime.ofEpochSecond(parsed.instant().getEpochSecond(), 0,
        ZoneOffset.UTC);
    String fraction = parsed.fraction();
    if (fraction.length() < 3) {
      fraction = (fraction + "000").substring(0, 3);
    }
    StringBuilder sb = new StringBuilder(32);
    int year = utc.getYear();
    if (year < 1000) {
      sb.append(year < 100 ? (year < 10 ? "000" : "00") : "0");
    }
    sb.append(year).append('-');
    two(sb, utc.getMonthValue()).append('-');
    two(sb, utc.getDayOfMonth()).append('T');
    two(sb, utc.getHour()).append(':');
    two(sb, utc.getMinute()).append(':');
    two(sb, utc.getSecond()).append('.').append(fraction).append('Z');
    return sb.toString();
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }

  private static ZoneOffset offset(String z) {
    if (z == null || z.equalsIgnoreCase("Z")) {
      return ZoneOffset.UTC;
    }
    int hours = Integer.parseInt(z.substring(1, 3));
    int minutes = 0;
    if (z.length() > 3) {
      minutes = Integer.parseInt(z.substring(z.length() - 2));
    }
    if (hours > 23 || minutes > 59) {
      return null;
    }
    if (z.charAt(0) == '-') {
      if (hours == 0 && minutes == 0) {
        return null; // "-00:00" means "offset unknown" (RFC 3339 §4.3); ISO 8601 forbids it
      }
      hours = -hours;
      minutes = -minutes;
    }
    try {
      return ZoneOffset.ofHoursMinutes(hours, minutes);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
