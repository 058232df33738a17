package cairn.app.bench;

import cairn.app.bench.Outcome.Result;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP/1.1 connection that sends an {@link Attack}'s bytes exactly as they are and reads the
 * answer. Not {@code java.net.http}: it refuses what the attacks are made of (a {@code %zz} in a URI,
 * a missing Host, a Content-Length of its own, an unknown protocol version). A watchdog closes the
 * socket when the timeout is up, so neither a read nor a write can outlast it; that is a hang.
 * Keep-alive between requests, except after protocol garbage ({@link Attack#fresh}), an answer that
 * closes, or an answer that came before the whole body was sent.
 */
final class RawHttp implements AutoCloseable {
  /** Bodies above this are written by a second thread, so an early answer (413) is read while sending. */
  private static final long ASYNC_WRITE = 256 * 1024;
  private static final int EXCERPT = 600;
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-hostile-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final InetSocketAddress address;
  private final long timeoutMillis;
  private Conn kept;

  /** A socket with its buffered streams, which live as long as it does (keep-alive). */
  private record Conn(Socket socket, InputStream in, OutputStream out) {}

  RawHttp(String host, int port, long timeoutMillis) {
    this.address = new InetSocketAddress(host, port);
    this.timeoutMillis = timeoutMillis;
  }

  /** Sends one request; never throws. */
  Outcome send(Attack attack) {
    boolean reused = kept != null && !attack.fresh();
    Outcome outcome = exchange(attack);
    if (reused && outcome.result() == Result.CLOSED && outcome.answer().startsWith(NOTHING)) {
      // a kept-alive connection the server had already closed: try once more on a new one, as
      // HTTP clients do, so that only a close in answer to this request counts
      outcome = exchange(attack);
    }
    return outcome;
  }

  private static final String NOTHING = "closed before any answer";

  private Outcome exchange(Attack attack) {
    long start = System.nanoTime();
    long startedAt = System.currentTimeMillis();
    Conn c;
    try {
      c = attack.fresh() ? connect() : kept != null ? kept : (kept = connect());
    } catch (IOException e) {
      return new Outcome(Result.UNREACHABLE, startedAt, 0, System.nanoTime() - start, "connect: " + e.getMessage());
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> guard = WATCHDOG.schedule(() -> {
      timedOut.set(true);
      quietlyClose(c.socket());
    }, timeoutMillis, TimeUnit.MILLISECONDS);
    Thread writer = null;
    AtomicReference<IOException> writeFailure = new AtomicReference<>();
    boolean keep = false;
    try {
      OutputStream out = c.out();
      if (attack.body().length() > ASYNC_WRITE) {
        writer = new Thread(() -> write(out, attack, writeFailure), "bench-hostile-writer");
        writer.setDaemon(true);
        writer.start();
      } else {
        write(out, attack, writeFailure);
      }
      Answer answer = read(c.in(), attack.method());
      keep = !attack.fresh() && answer.keepAlive() && writeFailure.get() == null
          && (writer == null || !writer.isAlive());
      return new Outcome(Result.ANSWERED, startedAt, answer.status(), System.nanoTime() - start, answer.body());
    } catch (IOException | RuntimeException e) {
      long nanos = System.nanoTime() - start;
      if (timedOut.get()) {
        return new Outcome(Result.HANG, startedAt, 0, nanos, "no answer within " + timeoutMillis + " ms");
      }
      if (e instanceof ForeignException) {
        return new Outcome(Result.FOREIGN, startedAt, 0, nanos, e.getMessage());
      }
      String why = e instanceof NothingException ? NOTHING
          : e.getClass().getSimpleName() + ": " + e.getMessage();
      IOException failed = writeFailure.get();
      return new Outcome(Result.CLOSED, startedAt, 0, nanos, failed != null ? why + " (while sending: " + failed.getMessage() + ")" : why);
    } finally {
      guard.cancel(false);
      if (!keep) {
        quietlyClose(c.socket());
        if (c == kept) {
          kept = null;
        }
      }
    }
  }

  private static void write(OutputStream out, Attack attack, AtomicReference<IOException> failure) {
    try {
      out.write(attack.head());
      attack.body().writeTo(out);
      out.flush();
    } catch (IOException e) {
      failure.set(e); // the server may have answered and closed already; the reader finds out
    }
  }

  private Conn connect() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(address, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
      return new Conn(s, new BufferedInputStream(s.getInputStream(), 16 * 1024),
          new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
    } catch (IOException e) {
      quietlyClose(s);
      throw e;
    }
  }

  @Override
  public void close() {
    if (kept != null) {
      quietlyClose(kept.socket());
      kept = null;
    }
  }

  private static void quietlyClose(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  // ---- reading an answer ----

  /** The status, the start of the body (as text, for the report) and whether the connection stays open. */
  record Answer(int status, String body, boolean keepAlive) {}

  /** EOF before the first byte of an answer. */
  private static final class NothingException extends EOFException {
    NothingException() {
      super(NOTHING);
    }
  }

  /** Bytes that do not begin an HTTP/1 status line (an HTTP/2 SETTINGS frame, say). */
  private static final class ForeignException extends IOException {
    ForeignException(String message) {
      super(message);
    }
  }

  static Answer read(InputStream in, String method) throws IOException {
    while (true) {
      foreign(in);
      String statusLine = line(in, true);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[1].matches("\\d{3}")) {
        throw new IOException("not an HTTP answer: " + Attack.printable(statusLine, 80));
      }
      // the protocol token is not checked: a server may echo the request's (FOO/1.1 501 …)
      String note = parts[0].startsWith("HTTP/1.") ? "" : "[status line: " + Attack.printable(statusLine, 60) + "] ";
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      boolean close = parts[0].equals("HTTP/1.0");
      for (String header = line(in, false); !header.isEmpty(); header = line(in, false)) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.contains("chunked");
          case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
          default -> { }
        }
      }
      if (status >= 100 && status < 200 && status != 101) {
        continue; // 100 Continue and other interim answers precede the real one
      }
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      if (method.equals("HEAD") || status == 101 || status == 204 || status == 304) {
        return new Answer(status, note, !close && status != 101);
      }
      if (chunked) {
        for (long size = chunkSize(line(in, false)); size > 0; size = chunkSize(line(in, false))) {
          body(in, size, kept);
          line(in, false);
        }
        for (String trailer = line(in, false); !trailer.isEmpty(); trailer = line(in, false)) {
          // trailers are not used
        }
      } else if (length >= 0) {
        body(in, length, kept);
      } else {
        body(in, Long.MAX_VALUE, kept); // delimited by the close
        close = true;
      }
      return new Answer(status, note + kept.toString(StandardCharsets.UTF_8), !close);
    }
  }

  /** Throws ForeignException, with the first bytes in hex, unless the answer starts like a status line. */
  private static void foreign(InputStream in) throws IOException {
    in.mark(64);
    int first = in.read();
    if (first < 0) {
      in.reset();
      return; // line() reports the close
    }
    if (first >= 'A' && first <= 'Z') {
      in.reset();
      return;
    }
    StringBuilder hex = new StringBuilder(String.format("%02x", first));
    for (int i = 1; i < 24 && in.available() > 0; i++) {
      hex.append(' ').append(String.format("%02x", in.read()));
    }
    throw new ForeignException("answered in another protocol, first bytes " + hex);
  }

  private static long chunkSize(String line) throws IOException {
    int semi = line.indexOf(';');
    try {
      return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("bad chunk size in the answer: " + Attack.printable(line, 40));
    }
  }

  /** Reads {@code n} bytes (or to EOF when n is Long.MAX_VALUE), keeping the first few hundred. */
  private static void body(InputStream in, long n, ByteArrayOutputStream kept) throws IOException {
    byte[] buffer = new byte[8192];
    long left = n;
    while (left > 0) {
      int got = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (got < 0) {
        if (n == Long.MAX_VALUE) {
          return;
        }
        throw new EOFException("answer body cut short");
      }
      if (kept.size() < EXCERPT) {
        kept.write(buffer, 0, Math.min(got, EXCERPT - kept.size()));
      }
      left -= got;
    }
  }

  /** One CRLF- (or LF-) terminated line of an answer head, at most 64 KB. */
  private static String line(InputStream in, boolean first) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        if (first && line.isEmpty()) {
          throw new NothingException();
        }
        throw new EOFException("answer head cut short");
      }
      if (line.length() > 65_536) {
        throw new IOException("answer head line longer than 64 KB");
      }
      line.append((char) c);
    }
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }
}
