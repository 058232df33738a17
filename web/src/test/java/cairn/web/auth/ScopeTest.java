package cairn.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which scopes a credential may hand to an access token ({@link Scope#covers}). */
class ScopeTest {

  @Test
  void allCoversEveryScopeAndEveryScopeItself() {
    for (Scope scope : Scope.values()) {
      assertThat(Scope.ALL.covers(scope)).as(scope.wireName()).isTrue();
      assertThat(scope.covers(scope)).as(scope.wireName()).isTrue();
    }
  }

  @Test
  void readingCoversOnlyNarrowerReading() {
    assertThat(Scope.ALL_READ.covers(Scope.STATEMENTS_READ)).isTrue();
    assertThat(Scope.ALL_READ.covers(Scope.STATEMENTS_READ_MINE)).isTrue();
    assertThat(Scope.STATEMENTS_READ.covers(Scope.STATEMENTS_READ_MINE)).isTrue();
    assertThat(Scope.STATEMENTS_READ_MINE.covers(Scope.STATEMENTS_READ)).isFalse();
    assertThat(Scope.ALL_READ.covers(Scope.STATEMENTS_WRITE)).isFalse();
    assertThat(Scope.ALL_READ.covers(Scope.STATE)).isFalse();
    assertThat(Scope.ALL_READ.covers(Scope.ALL)).isFalse();
    assertThat(Scope.STATEMENTS_WRITE.covers(Scope.DEFINE)).isFalse();
  }

  @Test
  void aCredentialGrantsWhatOneOfItsScopesCovers() {
    Credential credential = new Credential("k", "tool", Set.of(Scope.STATEMENTS_WRITE, Scope.ALL_READ), Instant.now(), null);
    assertThat(credential.grants(Scope.STATEMENTS_READ_MINE)).isTrue();
    assertThat(credential.grants(Scope.STATEMENTS_WRITE)).isTrue();
    assertThat(credential.grants(Scope.PROFILE)).isFalse();
    Credential narrowed = credential.withScopes(Set.of(Scope.STATEMENTS_READ));
    assertThat(narrowed.writesStatements()).isFalse();
    assertThat(narrowed.readsAllStatements()).isTrue();
    assertThat(narrowed.key()).isEqualTo("k");
  }
}
