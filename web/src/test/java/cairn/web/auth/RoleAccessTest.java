package cairn.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The role table's matching: first rule wins, one segment per {@code *}, {@code **} for any rest. */
class RoleAccessTest {
  private final RoleAccess access = RoleAccess.builder()
      .read("/api/v1/badges/*/audit", Role.AUDITOR)
      .any("/api/v1/badges/**", Role.LD_ADMIN)
      .read("/api/v1/cohorts", Role.MANAGER)
      .build();

  @Test
  void theFirstMatchingRuleDecides() {
    assertThat(access.rolesFor(HttpMethod.GET, "/api/v1/badges/b1/audit")).containsExactly(Role.AUDITOR);
    assertThat(access.rolesFor(HttpMethod.POST, "/api/v1/badges/b1/audit")).containsExactly(Role.LD_ADMIN);
    assertThat(access.rolesFor(HttpMethod.HEAD, "/api/v1/cohorts")).containsExactly(Role.MANAGER);
  }

  @Test
  void doubleStarCoversThePathAndAnythingBelowStarExactlyOneSegment() {
    assertThat(access.rolesFor(HttpMethod.GET, "/api/v1/badges")).containsExactly(Role.LD_ADMIN);
    assertThat(access.rolesFor(HttpMethod.DELETE, "/api/v1/badges/b1/shares/s1")).containsExactly(Role.LD_ADMIN);
    assertThat(access.rolesFor(HttpMethod.GET, "/api/v1/badges//audit")).containsExactly(Role.LD_ADMIN);
    assertThat(access.rolesFor(HttpMethod.GET, "/api/v1/badgesx")).isEmpty();
  }

  @Test
  void whatNoRuleCoversIsClosed() {
    assertThat(access.rolesFor(HttpMethod.GET, "/api/v1/cohorts/extra")).isEqualTo(Set.of());
    assertThat(access.rolesFor(HttpMethod.POST, "/api/v1/cohorts")).isEmpty();
    assertThat(access.rolesFor(HttpMethod.GET, "/api/v1/credentials")).isEmpty();
  }
}
