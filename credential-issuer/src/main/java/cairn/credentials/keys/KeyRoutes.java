package cairn.credentials.keys;

import cairn.credentials.Http;
import cairn.web.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.text.ParseException;

/**
 * Public keys for verifiers — {@code /.well-known/jwks.json} (RFC 7517 §5, every key ever used) and
 * {@code /keys/{id}}, the bare public JWK a kid URL dereferences to (OB 3.0 §8.2.6 "Dereferencing the
 * Public Key") — and the admin API {@code /api/v1/keys}: list, rotate, import an operator's key.
 * No answer ever carries a private member ({@code d}, {@code p}, {@code q}…): only
 * {@link JWK#toPublicJWK()} output is written.
 */
public final class KeyRoutes {
  private final KeyRing keys;

  public KeyRoutes(KeyRing keys) {
    this.keys = keys;
  }

  public void mount(Router router) {
    router.get("/.well-known/jwks.json").handler(this::jwks);
    router.get("/keys/:id").handler(this::key);
    router.get("/api/v1/keys").handler(this::list);
    router.post("/api/v1/keys").handler(this::rotate);
  }

  private void jwks(RoutingContext ctx) {
    keys.all().onComplete(Http.handler(ctx, list -> {
      ObjectNode jwks = Http.MAPPER.createObjectNode();
      ArrayNode array = jwks.putArray("keys");
      // the VC-JWT keys; Ed25519 keys sign Data Integrity proofs and are published in the DID document
      list.stream().filter(k -> !JWSAlgorithm.Ed25519.getName().equals(k.alg()))
          .forEach(k -> array.add(Http.tree(k.publicJwk().toPublicJWK().toJSONString())));
      ctx.response().putHeader("Cache-Control", "public, max-age=300");
      Http.json(ctx, 200, "application/jwk-set+json", jwks);
    }));
  }

  private void key(RoutingContext ctx) {
    keys.publicKey(ctx.pathParam("id")).onComplete(Http.handler(ctx, found -> {
      JWK jwk = found.orElseThrow(() -> ApiException.notFound("No key with that id."));
      ctx.response().putHeader("Cache-Control", "public, max-age=86400");
      Http.json(ctx, 200, "application/jwk+json", Http.tree(jwk.toPublicJWK().toJSONString()));
    }));
  }

  private void list(RoutingContext ctx) {
    keys.all().onComplete(Http.handler(ctx, list -> {
      ArrayNode array = Http.MAPPER.createArrayNode();
      list.forEach(k -> {
        ObjectNode o = array.addObject().put("id", k.id()).put("kid", k.kid()).put("alg", k.alg())
            .put("source", k.source()).put("created", k.created().toString())
            .put("status", k.retired() == null ? "active" : "retired");
        if (k.retired() != null) {
          o.put("retired", k.retired().toString());
        }
        o.set("publicJwk", Http.tree(k.publicJwk().toPublicJWK().toJSONString()));
      });
      Http.json(ctx, 200, "application/json", array);
    }));
  }

  /**
   * {@code POST /api/v1/keys} {@code {"alg": "RS256"|"ES256"|"Ed25519", "reason": "...", "jwk": {private JWK}?}}:
   * without {@code jwk} a fresh key is generated. Parse errors never echo the body (it may hold a key).
   */
  private void rotate(RoutingContext ctx) {
    JsonNode body = Http.bodyQuietly(ctx);
    String algName = body.path("alg").asText("RS256");
    JWSAlgorithm alg = KeyRing.ALGORITHMS.stream().filter(a -> a.getName().equals(algName)).findFirst()
        .orElseThrow(() -> ApiException.badRequest("alg must be RS256, ES256 or Ed25519.", "$.alg"));
    JWK supplied = null;
    if (body.has("jwk")) {
      try {
        supplied = JWK.parse(body.get("jwk").toString());
      } catch (ParseException e) {
        throw ApiException.badRequest("jwk is not a JSON Web Key.", "$.jwk");
      }
    }
    String reason = Http.reason(body, false);
    keys.rotate(ctx.vertx(), alg, supplied, Http.actor(ctx), reason).onComplete(Http.handler(ctx, info -> {
      ObjectNode o = Http.MAPPER.createObjectNode().put("id", info.id()).put("kid", info.kid()).put("alg", info.alg())
          .put("source", info.source()).put("status", "active");
      o.set("publicJwk", Http.tree(info.publicJwk().toPublicJWK().toJSONString()));
      Http.json(ctx, 201, "application/json", o);
    }, e -> e instanceof KeyException ? ApiException.badRequest(e.getMessage(), "$.jwk") : e));
  }
}
