package cairn.credentials.console;

import cairn.web.pages.FieldError;
import cairn.web.pages.Text;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The credential search as typed into {@code /admin/credentials}'s form, checked: each field's value
 * (null when not given) and what is wrong with it. Dates are days (UTC), both ends included.
 */
public record CredentialSearch(String person, String achievement, String status, LocalDate from, LocalDate to, int page,
    List<FieldError> errors) {
  static final int MAX_PAGE = 100_000;

  static CredentialSearch of(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    String person = text(params.get("person"), "person", errors);
    String achievement = text(params.get("achievement"), "achievement", errors);
    String status = blankToNull(params.get("status"));
    if (status != null && !CredentialConsole.STATUSES.contains(status)) {
      errors.add(new FieldError("status", Text.get("console.credentials.error.status")));
      status = null;
    }
    LocalDate from = date(params.get("from"), "from", errors);
    LocalDate to = date(params.get("to"), "to", errors);
    if (from != null && to != null && from.isAfter(to)) {
      errors.add(new FieldError("to", Text.get("console.credentials.error.range")));
    }
    int page = 1;
    try {
      String p = params.get("page");
      page = p == null ? 1 : Math.max(1, Math.min(MAX_PAGE, Integer.parseInt(p.strip())));
    } catch (NumberFormatException e) {
      page = 1; // not typed by anyone: the first page
    }
    return new CredentialSearch(person, achievement, status, from, to, page, List.copyOf(errors));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String text(String raw, String field, List<FieldError> errors) {
    String value = blankToNull(raw);
    if (value == null) {
      return null;
    }
    if (value.length() > CredentialConsole.MAX_QUERY) {
      errors.add(new FieldError(field, Text.get("console.credentials.error.tooLong", CredentialConsole.MAX_QUERY)));
      return null;
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError(field, Text.get("console.credentials.error.control")));
      return null;
    }
    return value;
  }

  private static LocalDate date(String raw, String field, List<FieldError> errors) {
    String value = blankToNull(raw);
    if (value == null) {
      return null;
    }
    try {
      LocalDate day = LocalDate.parse(value);
      if (day.getYear() < 1970 || day.getYear() > 9999) {
        throw new DateTimeParseException("out of range", value, 0);
      }
      return day;
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, Text.get("console.credentials.error.date")));
      return null;
    }
  }

  OffsetDateTime fromTime() {
    return from == null ? null : from.atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  /** The end of the range: the day after {@code to}, excluded. */
  OffsetDateTime toTime() {
    return to == null ? null : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  /**
   * The IFI key (the directory's form) of a person typed as one: an email address or {@code mailto:} is
   * an mbox, an IFI key is taken as it is, an http(s) URL is an OpenID; anything else is not an IFI.
   */
  static Optional<String> ifi(String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    String lower = typed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mbox:") || lower.startsWith("mbox_sha1sum:") || lower.startsWith("openid:")
        || lower.startsWith("account:")) {
      return Optional.of(typed);
    }
    if (lower.startsWith("mailto:")) {
      return Optional.of("mbox:" + typed);
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return Optional.of("openid:" + typed);
    }
    if (typed.contains("@") && !typed.contains(" ")) {
      return Optional.of("mbox:mailto:" + typed);
    }
    return Optional.empty();
  }

  /** A search's link with another page number. */
  String link(int toPage) {
    StringBuilder q = new StringBuilder("/admin/credentials?");
    param(q, "person", person);
    param(q, "achievement", achievement);
    param(q, "status", status);
    param(q, "from", from == null ? null : from.toString());
    param(q, "to", to == null ? null : to.toString());
    return q.append("page=").append(toPage).toString();
  }

  private static void param(StringBuilder q, String name, String value) {
    if (value != null) {
      q.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
    }
  }

  /** A credential found. */
  public record Line(String id, String person, String personId, String achievement, String ladder, String issued,
      String status, String statusClass) {}

  /** The search page's model: the form as typed, the credentials found, and the links to the pages around. */
  public record Results(String person, String achievement, String status, String from, String to,
      List<FieldError> errors, List<Line> lines, long total, int page, int pages, String previous, String next,
      boolean searched) {
    static Results of(CredentialSearch q, List<Line> lines, long total) {
      int pages = (int) Math.max(1, (total + CredentialConsole.PAGE_SIZE - 1) / CredentialConsole.PAGE_SIZE);
      return new Results(orEmpty(q.person()), orEmpty(q.achievement()), orEmpty(q.status()),
          q.from() == null ? "" : q.from().toString(), q.to() == null ? "" : q.to().toString(), q.errors(), lines,
          total, q.page(), pages, q.page() > 1 ? q.link(q.page() - 1) : null,
          q.page() < pages ? q.link(q.page() + 1) : null, true);
    }

    /** The form as typed, refused for {@code errors}: nothing searched. */
    static Results invalid(MultiMap params, List<FieldError> errors) {
      return new Results(echo(params.get("person")), echo(params.get("achievement")), echo(params.get("status")),
          echo(params.get("from")), echo(params.get("to")), errors, List.of(), 0, 1, 1, null, null, false);
    }

    /** A refused value shown back in its field (escaped by the template), cut to a length a field shows. */
    private static String echo(String value) {
      return value == null ? "" : value.length() > 600 ? value.substring(0, 600) : value;
    }

    /** The message of a field's error, or null. */
    public String error(String field) {
      return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
  }
}
