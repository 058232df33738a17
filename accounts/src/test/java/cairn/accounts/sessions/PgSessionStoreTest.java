package cairn.accounts.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.accounts.AccountsServer;
import cairn.accounts.Admin;
import cairn.accounts.Browser;
import cairn.accounts.Housekeeping;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sessions kept in PostgreSQL: they outlive the server, end when idle or old, and leave no rows behind. */
class PgSessionStoreTest {
  private static final String PASSWORD = "a session that outlives its server";

  @Test
  void aSessionSurvivesARestartOfTheServer() {
    String email = Admin.email("restart");
    String cookie;
    try (AccountsServer first = new AccountsServer(AccountsServer.options())) {
      Browser browser = new Browser(first.client());
      new Admin(first.client()).account(browser, email, PASSWORD);
      browser.signIn(email, PASSWORD);
      cookie = browser.cookie("cairn-session");
    }
    try (AccountsServer second = new AccountsServer(AccountsServer.options())) {
      HttpResponse<Buffer> me = second.client().get("/api/v1/me").putHeader("Cookie", "cairn-session=" + cookie)
          .send().await();
      assertThat(me.statusCode()).as(me.bodyAsString()).isEqualTo(200);
      assertThat(me.bodyAsJsonObject().getString("email")).isEqualTo(email);
    }
  }

  @Test
  void anIdleOrTooOldSessionEndsAndHousekeepingDeletesItsRow() {
    try (AccountsServer server = new AccountsServer(AccountsServer.options())) {
      String email = Admin.email("idle");
      Browser idle = new Browser(server.client());
      new Admin(server.client()).account(idle, email, PASSWORD);
      idle.signIn(email, PASSWORD);
      Browser old = new Browser(server.client());
      old.signIn(email, PASSWORD);
      UUID account = UUID.fromString(idle.meJson().getString("account"));
      assertThat(old.me().statusCode()).isEqualTo(200);

      // the clock moved on: one session was left alone past its idle time, the other was made 13 hours ago
      String idleHash = "\\x" + java.util.HexFormat.of().formatHex(sha256(idle.cookie("cairn-session")));
      server.pool.preparedQuery("update accounts.sessions set expires = now() - interval '1 second' "
          + "where id_hash = decode(substr($1, 3), 'hex')").execute(Tuple.of(idleHash)).await();
      server.pool.preparedQuery("update accounts.sessions set created = now() - interval '13 hours' "
          + "where account_id = $1 and expires > now()").execute(Tuple.of(account)).await();
      assertThat(idle.me().statusCode()).isEqualTo(401);
      assertThat(old.me().statusCode()).isEqualTo(401);

      new Housekeeping(server.pool, server.options).sweep().await();
      long left = server.pool.preparedQuery("select count(*) as n from accounts.sessions where account_id = $1")
          .execute(Tuple.of(account)).await().iterator().next().getLong("n");
      assertThat(left).isZero();
    }
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
