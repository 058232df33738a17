package cairn.credentials.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The bitstring of a status list (W3C Bitstring Status List v1.0 §4.2 / §4.3 "Bitstring Generation"
 * and "Bitstring Expansion"): index 0 is the leftmost (most significant) bit of the first byte, and
 * {@code encodedList} is the multibase base64url (no padding, prefix {@code u}) of the GZIP of the
 * bytes.
 */
public final class Bitstring {
  /** Refuse to expand beyond this: a small GZIP can otherwise inflate to gigabytes. */
  static final int MAX_BYTES = 16 * 1024 * 1024;

  private Bitstring() {}

  public static boolean get(byte[] bits, int index) {
    if (index < 0 || index / 8 >= bits.length) {
      throw new IndexOutOfBoundsException("status index " + index + " is outside a list of " + bits.length * 8 + " entries");
    }
    return (bits[index / 8] >> (7 - index % 8) & 1) == 1;
  }

  public static void set(byte[] bits, int index) {
    bits[index / 8] |= (byte) (1 << (7 - index % 8));
  }

  public static String encode(byte[] bits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bits.length / 64 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /** @throws IllegalArgumentException when the value is not a multibase base64url GZIP bitstring */
  public static byte[] decode(String encodedList) {
    if (encodedList == null || !encodedList.startsWith("u")) {
      throw new IllegalArgumentException("encodedList must be multibase base64url (start with 'u')");
    }
    byte[] gz;
    try {
      gz = Base64.getUrlDecoder().decode(encodedList.substring(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("encodedList is not base64url");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BYTES) {
          throw new IllegalArgumentException("encodedList expands beyond " + MAX_BYTES + " bytes");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalArgumentException("encodedList is not GZIP data");
    }
  }
}
