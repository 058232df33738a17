package cairn.credentials.status;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed pseudo-random permutation of {@code 0 .. size-1}: the n-th slot handed out in a status list
 * gets index {@code apply(n)}. Being a bijection, it gives distinct slots distinct indexes; being keyed
 * with a random secret per list, it lets nobody read from an index when, or next to which other
 * credentials, a credential was issued — Bitstring Status List v1.0 (privacy considerations) asks
 * issuers to assign indexes randomly so that a list protects its members as a herd.
 *
 * <p>A balanced Feistel network (4 rounds, HMAC-SHA256 as round function) permutes the smallest
 * {@code 2^(2h)} range that covers {@code size}; values that land outside {@code 0 .. size-1} are
 * encrypted again ("cycle walking"), which keeps it a permutation of the smaller range.
 */
final class IndexPermutation {
  private static final int ROUNDS = 4;
  private final SecretKeySpec key;
  private final int size;
  private final int halfBits;

  IndexPermutation(byte[] key, int size) {
    if (key == null || key.length < 16) {
      throw new IllegalArgumentException("an index permutation needs a key of 16 bytes or more");
    }
    if (size < 2) {
      throw new IllegalArgumentException("an index permutation needs a size of 2 or more");
    }
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.size = size;
    int bits = 32 - Integer.numberOfLeadingZeros(size - 1);
    this.halfBits = (bits + 1) / 2;
  }

  int apply(int n) {
    if (n < 0 || n >= size) {
      throw new IllegalArgumentException("slot " + n + " is outside 0.." + (size - 1));
    }
    Mac mac = mac();
    int x = n;
    do {
      x = encrypt(mac, x);
    } while (x >= size);
    return x;
  }

  private int encrypt(Mac mac, int x) {
    int mask = (1 << halfBits) - 1;
    int left = x >>> halfBits;
    int right = x & mask;
    for (int round = 0; round < ROUNDS; round++) {
      int next = left ^ (round(mac, round, right) & mask);
      left = right;
      right = next;
    }
    return left << halfBits | right;
  }

  private static int round(Mac mac, int round, int value) {
    byte[] out = mac.doFinal(new byte[] {(byte) round, (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
        (byte) value});
    return (out[0] & 0xff) << 24 | (out[1] & 0xff) << 16 | (out[2] & 0xff) << 8 | out[3] & 0xff;
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
