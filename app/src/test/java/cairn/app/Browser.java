package cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A person's browser against a test server: cookies kept, redirects shown, the pages' forms filled. */
final class Browser {
  /** The CSRF field of the pages' forms. */
  static final String CSRF_FIELD = "X-CSRF-Token";
  private static final Pattern CSRF = Pattern.compile("name=\"X-CSRF-Token\" value=\"([^\"]+)\"");

  private Browser() {}

  static WebClientSession open(CairnServer server) {
    return WebClientSession.create(WebClient.create(server.vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(server.port()).setFollowRedirects(false)));
  }

  /** The CSRF token a page's form carries. */
  static String formToken(HttpResponse<Buffer> page) {
    Matcher m = CSRF.matcher(page.bodyAsString());
    assertThat(m.find()).as(page.bodyAsString()).isTrue();
    return m.group(1);
  }

  /** Sets the password through the invitation link's page, then signs in through the sign-in page. */
  static WebClientSession signUpAndIn(CairnServer server, String link, String email, String password) {
    WebClientSession browser = open(server);
    String path = URI.create(link).getPath();
    HttpResponse<Buffer> page = browser.get(path).send().await();
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> set = browser.post(path).sendForm(MultiMap.caseInsensitiveMultiMap()
        .add(CSRF_FIELD, formToken(page)).add("password", password)).await();
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(303);
    HttpResponse<Buffer> login = browser.get("/login").send().await();
    HttpResponse<Buffer> signedIn = browser.post("/login").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add(CSRF_FIELD, formToken(login)).add("email", email).add("password", password)).await();
    assertThat(signedIn.statusCode()).as(signedIn.bodyAsString()).isEqualTo(303);
    return browser;
  }
}
