package cairn.credentials.verify;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Other issuers' public keys and status lists, fetched over HTTP(S) (OB 3.0 §8.2.6 "Dereferencing the
 * Public Key"): a kid URL may answer a bare JWK or a JWK Set holding the kid. Only URLs the
 * {@link OutboundPolicy} allows are fetched, redirects are not followed, requests time out after 5 s
 * and bodies over 1 MiB are refused. Answers are cached for {@link #CACHE_MILLIS}.
 */
final class RemoteKeys {
  static final long CACHE_MILLIS = 300_000;
  private static final int MAX_BODY = 1024 * 1024;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final OutboundPolicy policy;
  private volatile WebClient client;

  private record Cached(Object value, long at) {}

  RemoteKeys(OutboundPolicy policy) {
    this.policy = policy;
  }

  Future<Optional<JWK>> key(Vertx vertx, String kid) {
    Cached c = cache.get("key " + kid);
    if (c != null && System.currentTimeMillis() - c.at < CACHE_MILLIS) {
      return Future.succeededFuture(Optional.of((JWK) c.value));
    }
    return fetch(vertx, kid, "application/jwk+json, application/jwk-set+json, application/json").map(body -> {
      try {
        String text = body.toString();
        JWK found;
        if (text.contains("\"keys\"")) {
          JWKSet set = JWKSet.parse(text);
          found = set.getKeyByKeyId(kid);
          if (found == null && kid.contains("#")) {
            found = set.getKeyByKeyId(kid.substring(kid.indexOf('#') + 1));
          }
          if (found == null && set.getKeys().size() == 1) {
            found = set.getKeys().get(0);
          }
        } else {
          found = JWK.parse(text);
        }
        if (found == null) {
          return Optional.<JWK>empty();
        }
        JWK pub = found.toPublicJWK();
        cache.put("key " + kid, new Cached(pub, System.currentTimeMillis()));
        return Optional.of(pub);
      } catch (ParseException e) {
        return Optional.<JWK>empty();
      }
    });
  }

  Future<String> document(Vertx vertx, String url) {
    Cached c = cache.get("doc " + url);
    if (c != null && System.currentTimeMillis() - c.at < 60_000) {
      return Future.succeededFuture((String) c.value);
    }
    return fetch(vertx, url, "application/vc+jwt, application/jwt, application/vc+ld+json, application/json")
        .map(body -> {
          String text = body.toString().trim();
          cache.put("doc " + url, new Cached(text, System.currentTimeMillis()));
          return text;
        });
  }

  private Future<Buffer> fetch(Vertx vertx, String url, String accept) {
    return policy.check(vertx, url).compose(target -> {
      HttpRequest<Buffer> request = target.address() == null
          ? client(vertx).getAbs(url)
          // to the address the policy checked: the client must not look the name up again
          : client(vertx).request(HttpMethod.GET,
              SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()),
              new RequestOptions().setAbsoluteURI(url));
      return request.putHeader("Accept", accept).timeout(5_000).send();
    }).compose((HttpResponse<Buffer> r) -> {
      if (r.statusCode() != 200) {
        return Future.failedFuture(new IllegalStateException(url + " answered " + r.statusCode()));
      }
      if (r.body() == null || r.body().length() > MAX_BODY) {
        return Future.failedFuture(new IllegalStateException(url + " answered no body or one over 1 MiB"));
      }
      return Future.succeededFuture(r.body());
    });
  }

  private WebClient client(Vertx vertx) {
    WebClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
              .setUserAgent("Cairn-Verifier"));
        }
        c = client;
      }
    }
    return c;
  }
}
