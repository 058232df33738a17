package cairn.web.pages;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words of Cairn's pages, from the one resource bundle {@code cairn/web/pages/messages.properties}
 * (every feature's pages take their text from it, so a translation is one file). Arguments are
 * {@link MessageFormat} placeholders; templates escape the result like any other text.
 */
public final class Text {
  private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("cairn.web.pages.messages", Locale.ROOT);

  private Text() {}

  private static final java.time.format.DateTimeFormatter DATE = java.time.format.DateTimeFormatter
      .ofPattern("d MMMM yyyy", Locale.UK).withZone(java.time.ZoneOffset.UTC);

  /** A day as the pages write it ("2 November 2026", UTC); null for null. */
  public static String date(java.time.Instant at) {
    return at == null ? null : DATE.format(at);
  }

  public static String get(String key, Object... args) {
    String pattern;
    try {
      pattern = BUNDLE.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("No text '" + key + "' in cairn/web/pages/messages.properties", e);
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.ROOT).format(args);
  }
}
