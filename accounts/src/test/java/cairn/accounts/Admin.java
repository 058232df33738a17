package cairn.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.UUID;

/** The accounts admin API as a test drives it, with the test server's admin credential. */
public final class Admin {
  private final WebClient client;

  public Admin(WebClient client) {
    this.client = client;
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return client.post(path).basicAuthentication(AccountsServer.ADMIN_KEY, AccountsServer.ADMIN_SECRET)
        .sendJsonObject(body).await();
  }

  /** Invites a new account; answers the invitation's JSON. */
  public JsonObject invite(String email, String... roles) {
    HttpResponse<Buffer> response = post("/api/v1/accounts/invitations",
        new JsonObject().put("email", email).put("roles", new JsonArray(java.util.List.of((Object[]) roles))));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  /** The path of an invitation link (what a browser opens). */
  public static String path(JsonObject invitation) {
    return URI.create(invitation.getString("invitation")).getPath();
  }

  /** A fresh, unique email address. */
  public static String email(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  /** Invites, sets the password through the link; answers the invitation. */
  public JsonObject account(Browser browser, String email, String password, String... roles) {
    JsonObject invitation = invite(email, roles);
    browser.get(path(invitation));
    HttpResponse<Buffer> set = browser.post(path(invitation), Browser.form("password", password));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(303);
    return invitation;
  }
}
