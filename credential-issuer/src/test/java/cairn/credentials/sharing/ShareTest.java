package cairn.credentials.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import cairn.credentials.IssuerServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Share links: public, unguessable, revocable; the JWT for machines and a page for people. */
class ShareTest {
  static IssuerServer server;

  @BeforeAll
  static void start() {
    server = new IssuerServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aShareLinkServesTheJwtAndAPageUntilRevoked() {
    String person = IssuerServer.unique("share");
    JsonObject issued = server.issue(IssuerServer.manual(person, person + "@x.example", "https://cairn.example/achievements/sh")
        .put("recipientName", "Alex <b>O'Brien</b>"));
    var created = server.post("/api/v1/badges/" + issued.getString("id") + "/shares", server.admin, new JsonObject());
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject share = new JsonObject(created.bodyAsString());
    String path = share.getString("url").substring(server.options.publicUrl().length());
    assertThat(share.getString("token")).hasSize(43);

    var jwt = server.get(path, null);
    assertThat(jwt.getHeader("Content-Type")).isEqualTo("application/vc+jwt");
    assertThat(jwt.bodyAsString()).isEqualTo(issued.getString("jwt"));

    var page = server.lrs.client.get(path).putHeader("Accept", "text/html,application/xhtml+xml").send().await();
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("Incident commander", "This credential is genuine and valid", "Continuous delivery", "xAPI statement")
        .contains("Alex &lt;b&gt;O'Brien&lt;/b&gt;").doesNotContain("<b>O'Brien</b>").doesNotContain(person + "@x.example");

    JsonObject viaShare = new JsonObject(server.post("/verify", null, new JsonObject().put("share", share.getString("url"))).bodyAsString());
    assertThat(viaShare.getBoolean("valid")).isTrue();

    JsonArray shares = new JsonArray(server.get("/api/v1/badges/" + issued.getString("id") + "/shares", server.admin).bodyAsString());
    assertThat(shares).hasSize(1);
    assertThat(shares.getJsonObject(0).containsKey("token")).isFalse();
    assertThat(server.lrs.client.delete("/api/v1/badges/" + issued.getString("id") + "/shares/" + share.getString("id"))
        .putHeader("Authorization", server.admin).send().await().statusCode()).isEqualTo(204);
    assertThat(server.get(path, null).statusCode()).isEqualTo(404);
    assertThat(server.get("/credentials/share/guess", null).statusCode()).isEqualTo(404);
    JsonArray audit = new JsonArray(server.get("/api/v1/badges/" + issued.getString("id") + "/audit", server.admin).bodyAsString());
    assertThat(audit.stream().map(a -> ((JsonObject) a).getString("action")).toList()).containsExactly("issue", "share", "unshare");
  }
}
