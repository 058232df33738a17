package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The people's pages in headless Chromium against the whole of Cairn: signing in, and every page
 * passes axe-core's WCAG A/AA checks.
 */
class PagesTest {
  private static final String PASSWORD = "a password long enough for the pages";
  private static CairnServer server;
  private static String tag;
  private static String email;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    server = new CairnServer();
    tag = UUID.randomUUID().toString().substring(0, 8);
    email = "pages-" + tag + "@example.com";
    Browser.signUpAndIn(server, invite(email), email, PASSWORD);
    chromium = new Chromium(server);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    server.close();
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String path, Object body, int status) {
    HttpRequest<Buffer> request = server.client.request(method, path)
        .basicAuthentication(CairnServer.ADMIN_KEY, CairnServer.ADMIN_SECRET);
    HttpResponse<Buffer> response = body == null ? request.send().await() : request.sendJson(body).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isEqualTo(status);
    return response;
  }

  private static String invite(String address) {
    return admin(HttpMethod.POST, "/api/v1/accounts/invitations",
        new JsonObject().put("email", address).put("roles", new JsonArray().add("employee")), 201)
        .bodyAsJsonObject().getString("invitation");
  }

  @Test
  void signingInInChromiumLeadsHome() {
    chromium.open("/login").accessible().screenshot("sign-in-page");
    chromium.signIn(email, PASSWORD);
    assertThat(chromium.path()).isEqualTo("/");
    assertThat(chromium.text()).contains(email);
    chromium.accessible();
  }
}
