package cairn.credentials.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The keyed permutation behind status list indexes: every index once, in an order only the key knows. */
class IndexPermutationTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] key() {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    return key;
  }

  private static int[] all(IndexPermutation permutation, int size) {
    int[] out = new int[size];
    for (int n = 0; n < size; n++) {
      out[n] = permutation.apply(n);
    }
    return out;
  }

  private static void assertPermutation(int[] indexes) {
    boolean[] seen = new boolean[indexes.length];
    for (int index : indexes) {
      assertThat(index).isBetween(0, indexes.length - 1);
      assertThat(seen[index]).as("index %d handed out twice", index).isFalse();
      seen[index] = true;
    }
  }

  @Test
  void everyIndexOfAListIsHandedOutExactlyOnce() {
    assertPermutation(all(new IndexPermutation(key(), 131_072), 131_072));
    // sizes that are not a power of two: values beyond the list are walked back into it
    assertPermutation(all(new IndexPermutation(key(), 131_080), 131_080));
    assertPermutation(all(new IndexPermutation(key(), 1000), 1000));
  }

  @Test
  void consecutiveSlotsGetScatteredIndexesThatDependOnTheKey() {
    byte[] key = key();
    int[] first = new int[1000];
    IndexPermutation permutation = new IndexPermutation(key, 131_072);
    int ascending = 0;
    int neighbours = 0;
    for (int n = 0; n < first.length; n++) {
      first[n] = permutation.apply(n);
      if (n > 0) {
        ascending += first[n] > first[n - 1] ? 1 : 0;
        neighbours += Math.abs(first[n] - first[n - 1]) <= 1 ? 1 : 0;
      }
    }
    // random order: about half the steps go up, almost none to a neighbouring index
    assertThat(ascending).isBetween(400, 600);
    assertThat(neighbours).isLessThan(5);
    // the same key gives the same permutation (a list's key is kept), another key another one
    assertThat(new IndexPermutation(key.clone(), 131_072).apply(0)).isEqualTo(first[0]);
    int same = 0;
    IndexPermutation other = new IndexPermutation(key(), 131_072);
    for (int n = 0; n < first.length; n++) {
      same += other.apply(n) == first[n] ? 1 : 0;
    }
    assertThat(same).isLessThan(5);
  }

  @Test
  void refusesSlotsOutsideTheList() {
    IndexPermutation permutation = new IndexPermutation(key(), 131_072);
    assertThatThrownBy(() -> permutation.apply(131_072)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> permutation.apply(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IndexPermutation(new byte[8], 131_072)).isInstanceOf(IllegalArgumentException.class);
  }
}
