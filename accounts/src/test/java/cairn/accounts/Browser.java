package cairn.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.netty.handler.codec.http.cookie.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's browser for tests: keeps cookies (a {@link WebClientSession}), asks for HTML, and
 * sends forms with the CSRF token of the page it last read, as a browser submitting that page would.
 */
public final class Browser {
  private static final Pattern CSRF = Pattern.compile("name=\"X-CSRF-Token\" value=\"([^\"]+)\"");
  public final WebClientSession client;
  private String csrf;

  public Browser(WebClient client) {
    this.client = WebClientSession.create(client);
  }

  public HttpResponse<Buffer> get(String path) {
    HttpResponse<Buffer> response = client.get(path).putHeader("Accept", "text/html").send().await();
    Matcher m = CSRF.matcher(response.bodyAsString() == null ? "" : response.bodyAsString());
    if (m.find()) {
      csrf = m.group(1).replace("&#43;", "+").replace("&#61;", "=");
    }
    return response;
  }

  /** Posts a form with the token of the last page read. */
  public HttpResponse<Buffer> post(String path, MultiMap form) {
    return postWithToken(path, form, csrf);
  }

  public HttpResponse<Buffer> postWithToken(String path, MultiMap form, String token) {
    MultiMap fields = MultiMap.caseInsensitiveMultiMap().addAll(form);
    if (token != null) {
      fields.set("X-CSRF-Token", token);
    }
    HttpResponse<Buffer> response = client.post(path).putHeader("Accept", "text/html").sendForm(fields).await();
    Matcher m = CSRF.matcher(response.bodyAsString() == null ? "" : response.bodyAsString());
    if (m.find()) {
      csrf = m.group(1);
    }
    return response;
  }

  public String csrf() {
    return csrf;
  }

  /** Signs in through the page; asserts it worked. */
  public HttpResponse<Buffer> signIn(String email, String password) {
    get("/login");
    HttpResponse<Buffer> response = post("/login", MultiMap.caseInsensitiveMultiMap().add("email", email)
        .add("password", password));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(303);
    return response;
  }

  public HttpResponse<Buffer> me() {
    return client.get("/api/v1/me").send().await();
  }

  public JsonObject meJson() {
    HttpResponse<Buffer> me = me();
    assertThat(me.statusCode()).as(me.bodyAsString()).isEqualTo(200);
    return me.bodyAsJsonObject();
  }

  /** The value of a cookie this browser holds, or null. */
  public String cookie(String name) {
    for (Cookie cookie : client.cookieStore().get(false, "localhost", "/")) {
      if (cookie.name().equals(name)) {
        return cookie.value();
      }
    }
    return null;
  }

  public static MultiMap form(String... pairs) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      form.add(pairs[i], pairs[i + 1]);
    }
    return form;
  }
}
