package cairn.accounts.local;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.accounts.AccountsServer;
import cairn.accounts.Admin;
import cairn.accounts.Browser;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a careless or hostile client sends to the sign-in forms: a 4xx that says why, never a 500. */
class HostileFormTest {
  private static AccountsServer server;

  @BeforeAll
  static void start() {
    server = new AccountsServer(AccountsServer.options());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Browser browser() {
    Browser browser = new Browser(server.client());
    browser.get("/login");
    return browser;
  }

  @Test
  void missingFieldsAreNamed() {
    HttpResponse<Buffer> none = browser().post("/login", Browser.form());
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.bodyAsString()).contains("Enter your email address", "Enter your password", "href=\"#password\"");
  }

  @Test
  void aNulOrControlCharacterInTheEmailIsAFieldError() {
    HttpResponse<Buffer> nul = browser().post("/login", Browser.form("email", "ada\u0000@example.com",
        "password", "whatever it is"));
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(nul.bodyAsString()).contains("control characters");
    HttpResponse<Buffer> nulPassword = browser().post("/login", Browser.form("email", "ada@example.com",
        "password", "what\u0000ever"));
    assertThat(nulPassword.statusCode()).isEqualTo(401);
  }

  @Test
  void hugeFieldsAreRefusedBeforeAnyHashing() {
    HttpResponse<Buffer> longPassword = browser().post("/login", Browser.form("email", "ada@example.com",
        "password", "p".repeat(2049)));
    assertThat(longPassword.statusCode()).isEqualTo(400);
    assertThat(longPassword.bodyAsString()).contains("at most 1024 characters");
    HttpResponse<Buffer> longEmail = browser().post("/login", Browser.form("email", "a".repeat(400) + "@example.com",
        "password", "whatever it is"));
    assertThat(longEmail.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> body = browser().post("/login", Browser.form("email", "ada@example.com",
        "password", "p".repeat(40_000)));
    assertThat(body.statusCode()).as(body.bodyAsString()).isIn(400, 413);
  }

  @ParameterizedTest
  @ValueSource(strings = {"email=%zz&password=x", "email=%E0%A4%A&password=%", "%%%", "=&=&&", "email"})
  void aFormBodyThatCannotBeReadIsA4xx(String body) {
    Browser browser = browser();
    HttpResponse<Buffer> response = browser.client.post("/login").putHeader("Content-Type",
        "application/x-www-form-urlencoded").putHeader("X-CSRF-Token", browser.csrf())
        .sendBuffer(Buffer.buffer(body)).await();
    assertThat(response.statusCode()).as(body + ": " + response.bodyAsString()).isBetween(400, 499);
  }

  @Test
  void jsonOrNothingInsteadOfAFormIsRefused() {
    Browser browser = browser();
    HttpResponse<Buffer> json = browser.client.post("/login").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"email\":\"a@b.c\",\"password\":\"x\"}")).await();
    assertThat(json.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> empty = browser.client.post("/invitations/" + "A".repeat(43)).send().await();
    assertThat(empty.statusCode()).isEqualTo(403);
  }

  @Test
  void aMultipartFormWorksAndCarriesNoFiles() {
    Browser browser = browser();
    io.vertx.ext.web.multipart.MultipartForm form = io.vertx.ext.web.multipart.MultipartForm.create()
        .attribute("X-CSRF-Token", browser.csrf()).attribute("email", Admin.email("multipart"))
        .attribute("password", "whatever it is");
    HttpResponse<Buffer> response = browser.client.post("/login").sendMultipartForm(form).await();
    assertThat(response.statusCode()).isEqualTo(401);
  }
}
