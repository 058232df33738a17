package cairn.credentials.clr;

import cairn.credentials.Http;
import cairn.credentials.issuing.BadgeRoutes;
import cairn.web.auth.Caller;
import cairn.web.auth.Directory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/me/clr}: the signed-in person's transcript, a CLR 2.0 ClrCredential of their active
 * credentials ({@link Transcripts}), signed now — only ever their own (the directory's person of their
 * sign-in; 404 when the account names nobody or they hold no active credential). {@code ?form=vc-jwt}
 * (default) answers {@code {"form", "credentials", "jwt", "credential"}} (the credential being the JWT's
 * payload), {@code ?form=data-integrity} {@code {"form", "credentials", "credential"}} with its embedded
 * proof. Mounted behind the session handlers, like the rest of {@code /api/v1/me}.
 */
public final class TranscriptRoutes {
  private final Transcripts transcripts;
  private final Directory directory;

  public TranscriptRoutes(Transcripts transcripts, Directory directory) {
    this.transcripts = transcripts;
    this.directory = directory;
  }

  public void mount(Router router) {
    router.get("/api/v1/me/clr").handler(this::transcript);
  }

  private void transcript(RoutingContext ctx) {
    Transcripts.Form form = Transcripts.Form.of(ctx.request().getParam("form"));
    directory.personOf(Caller.require(ctx)).compose(person -> transcripts.issue(ctx.vertx(), person, form))
        .onComplete(Http.handler(ctx, signed -> {
          ObjectNode out = Http.MAPPER.createObjectNode().put("form", form.wire()).put("credentials", signed.credentials());
          if (form == Transcripts.Form.VC_JWT) {
            out.put("jwt", signed.text());
            out.set("credential", BadgeRoutes.payload(signed.text()));
          } else {
            out.set("credential", Http.tree(signed.text()));
          }
          ctx.response().putHeader("Cache-Control", "no-store");
          Http.json(ctx, 200, "application/json", out);
        }));
  }
}
