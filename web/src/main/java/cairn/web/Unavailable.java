package cairn.web;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Recognises a failure that means "the database is out of reach right now" rather than "this
 * request is wrong" or "this code is wrong": a refused or dropped connection, PostgreSQL shutting
 * down or not yet accepting connections, too many connections. Such requests are answered 503.
 */
final class Unavailable {
  /** Logs an outage at most once every this many milliseconds, however many requests it fails. */
  private static final long LOG_EVERY_MILLIS = 10_000;
  private static final AtomicLong lastLogged = new AtomicLong();

  private Unavailable() {}

  static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException e) {
        String state = e.getSqlState();
        // 08: connection exception; 57P01-03: admin/crash shutdown, cannot connect now; 53300: too many connections
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
      }
      if (t instanceof ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && (message.equals("Pool closed") || message.startsWith("Connection refused")
          || message.contains("Timeout waiting for connection") || message.startsWith("Failed to connect"))) {
        return true;
      }
    }
    return false;
  }

  static void log(Logger log, Throwable failure) {
    long now = System.currentTimeMillis();
    long last = lastLogged.get();
    if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
      log.warn("The database is out of reach; answering 503 until it is back: {}", failure.toString());
    }
  }
}
