package cairn.accounts;

import java.time.Duration;

/**
 * How sign-in behaves, read once from the configuration.
 *
 * @param publicUrl the URL people reach Cairn at; one-time links point there, and the session
 *     cookie is {@code Secure} (with the {@code __Host-} prefix) when it is https
 * @param sessionIdle a session ends after this long without a request (CAIRN_SESSION_IDLE_MINUTES)
 * @param sessionMax a session ends this long after sign-in, however busy (CAIRN_SESSION_MAX_HOURS)
 * @param invitationValidity how long a one-time link to set a password works (CAIRN_INVITATION_HOURS)
 * @param maxFailuresPerAccount failed sign-ins for one email address before it is locked
 *     (CAIRN_LOGIN_MAX_FAILURES)
 * @param maxFailuresPerAddress failed sign-ins from one client address before it is locked
 *     (CAIRN_LOGIN_MAX_FAILURES_PER_ADDRESS; 0: not counted)
 * @param lockout the window failures are counted in, and how long a lock lasts (CAIRN_LOGIN_LOCK_MINUTES)
 * @param csrfSecret the key CSRF tokens are signed with: the same on every node
 */
public record AccountsOptions(String publicUrl, Duration sessionIdle, Duration sessionMax, Duration invitationValidity,
    int maxFailuresPerAccount, int maxFailuresPerAddress, Duration lockout, String csrfSecret) {

  public AccountsOptions {
    if (publicUrl.endsWith("/")) {
      publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }
    if (sessionIdle.isNegative() || sessionIdle.isZero() || sessionMax.compareTo(sessionIdle) < 0) {
      throw new IllegalArgumentException("A session's idle time must be positive and at most its maximum age.");
    }
    if (maxFailuresPerAccount < 1) {
      throw new IllegalArgumentException("At least one failed sign-in must be allowed before a lock.");
    }
  }

  public static AccountsOptions defaults(String publicUrl, String csrfSecret) {
    return new AccountsOptions(publicUrl, Duration.ofMinutes(60), Duration.ofHours(12), Duration.ofHours(72), 5, 50,
        Duration.ofMinutes(15), csrfSecret);
  }

  /** Whether cookies are marked {@code Secure}: the public URL is https. */
  public boolean secureCookies() {
    return publicUrl.startsWith("https://");
  }
}
