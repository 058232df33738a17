package cairn.app.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One hostile request of {@code cairn bench hostile}, as the exact bytes that go on the wire.
 *
 * @param kind the attack class, the unit the report is broken down by
 * @param shape what the request is, without its random parts (requests of one shape are grouped)
 * @param method the request method, to know whether the answer has a body (HEAD)
 * @param head the request line and header fields up to and including the empty line, ISO-8859-1, so
 *     that any byte (a NUL, a raw UTF-8 sequence) can stand in it
 * @param body the body, kept as repeated segments so a 6 MB nesting costs a few bytes until sent
 * @param fresh sent on a new connection that is closed afterwards: protocol-level garbage, after which
 *     the server may rightly close instead of answering
 * @param statementIds ids of statements in the body, which a rejection must leave unstored
 * @param carriesNul the body holds a {@code \u0000} somewhere (always checked after the run)
 * @param proper5xx a 5xx status that is the protocol's own answer to this request (505 HTTP Version
 *     Not Supported to an unknown version), not counted as a failure; 0 for none
 */
record Attack(String kind, String shape, String method, byte[] head, Body body, boolean fresh,
    List<UUID> statementIds, boolean carriesNul, int proper5xx) {

  Attack {
    statementIds = List.copyOf(statementIds);
  }

  /**
   * A well-formed GET as an ordinary client sends it (Host, HTTP Basic, version 2.0.0), on a
   * connection of its own when {@code fresh}.
   */
  static Attack get(String kind, String hostAndPort, String authorization, String target, boolean fresh) {
    String head = "GET " + target + " HTTP/1.1\r\nHost: " + hostAndPort + "\r\nAuthorization: " + authorization
        + "\r\nX-Experience-API-Version: 2.0.0\r\n\r\n";
    return new Attack(kind, kind, "GET", head.getBytes(StandardCharsets.ISO_8859_1), Body.EMPTY, fresh, List.of(), false, 0);
  }

  /** The request line, for the report (cut at 160 characters, control bytes shown as escapes). */
  String requestLine() {
    String text = new String(head, StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\n');
    return printable(end < 0 ? text : text.substring(0, end).replace("\r", ""), 160);
  }

  static String printable(String s, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < max; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return out.length() >= max || s.length() > max ? out.substring(0, Math.min(out.length(), max)) + "…" : out.toString();
  }

  /**
   * A body as segments, each some bytes repeated some times: {@code [} × 1,000,000, {@code 1},
   * {@code ]} × 1,000,000 is three segments.
   */
  record Body(List<Segment> segments) {
    static final Body EMPTY = new Body(List.of());

    Body {
      segments = List.copyOf(segments);
    }

    record Segment(byte[] bytes, int times) {
      @Override
      public boolean equals(Object o) {
        return o instanceof Segment s && s.times == times && Arrays.equals(s.bytes, bytes);
      }

      @Override
      public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + times;
      }
    }

    static Body of(String utf8) {
      return EMPTY.then(utf8);
    }

    static Body of(byte[] bytes) {
      return EMPTY.then(bytes, 1);
    }

    Body then(String utf8) {
      return then(utf8.getBytes(StandardCharsets.UTF_8), 1);
    }

    Body then(String utf8, int times) {
      return then(utf8.getBytes(StandardCharsets.UTF_8), times);
    }

    Body then(byte[] bytes, int times) {
      List<Segment> more = new ArrayList<>(segments);
      if (bytes.length > 0 && times > 0) {
        more.add(new Segment(bytes, times));
      }
      return new Body(more);
    }

    Body then(Body other) {
      List<Segment> more = new ArrayList<>(segments);
      more.addAll(other.segments);
      return new Body(more);
    }

    long length() {
      long n = 0;
      for (Segment s : segments) {
        n += (long) s.bytes.length * s.times;
      }
      return n;
    }

    void writeTo(OutputStream out) throws IOException {
      for (Segment s : segments) {
        if (s.bytes.length == 1) {
          // a run of one repeated byte (a nesting) goes out in blocks, not byte by byte
          byte[] block = new byte[Math.min(s.times, 64 * 1024)];
          Arrays.fill(block, s.bytes[0]);
          for (int left = s.times; left > 0; left -= block.length) {
            out.write(block, 0, Math.min(left, block.length));
          }
        } else {
          for (int i = 0; i < s.times; i++) {
            out.write(s.bytes);
          }
        }
      }
    }

    /** The whole body in memory (tests, and small bodies). */
    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length(), Integer.MAX_VALUE - 8));
      try {
        writeTo(out);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return out.toByteArray();
    }
  }
}
