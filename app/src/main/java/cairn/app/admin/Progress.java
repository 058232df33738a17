package cairn.app.admin;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress line on standard error, "Imported 1,000 / 5,000 people (20%)": rewritten in place on
 * a terminal, one line per step otherwise (a log file or a pipe gets no carriage returns). Written
 * by hand rather than with a progress bar library: an import advances in a few dozen chunk-sized
 * steps that the store reports, which needs a line, not a redrawing thread and a terminal library.
 */
final class Progress {
  private final PrintWriter err;
  private final boolean terminal;
  private final String verb;
  private final String noun;
  private final int total;
  /** A terminal line was drawn and not yet ended. */
  private boolean drawn;

  Progress(PrintWriter err, boolean terminal, String verb, String noun, int total) {
    this.err = err;
    this.terminal = terminal;
    this.verb = verb;
    this.noun = noun;
    this.total = total;
  }

  /**
   * Whether standard error looks like a terminal. Java 17 can only tell for the console as a whole
   * (standard input and output), so a redirected standard output also gets plain lines.
   */
  static boolean terminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb");
  }

  synchronized void update(int done) {
    String line = String.format(Locale.ROOT, "%s %,d / %,d %s (%d%%)", verb, done, total, noun,
        total == 0 ? 100 : (int) (100L * done / total));
    if (terminal) {
      err.print("\r" + line);
      drawn = done < total;
      if (!drawn) {
        err.println();
      }
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Ends a line left open on a terminal (before a message when the work stops short). */
  synchronized void end() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }
}
