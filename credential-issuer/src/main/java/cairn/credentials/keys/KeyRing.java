package cairn.credentials.keys;

import cairn.credentials.IssuerOptions;
import cairn.credentials.audit.Audit;
import cairn.credentials.dataintegrity.Ed25519;
import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys: one active RS256 (RSA 2048+) and one active ES256 (P-256) key for VC-JWTs
 * and one active Ed25519 key for Data Integrity proofs, generated on first start, stored encrypted ({@link KeyCipher}), rotated on request. Retired keys keep their
 * public half in the JWKS forever, so every credential ever issued verifies.
 *
 * <p>Decrypted keys are cached in memory; which key is active is re-read at most every
 * {@link #ACTIVE_REFRESH_MILLIS}, so a rotation on another node reaches this one within that time
 * (credentials signed meanwhile by the retired key still verify). Key generation and decryption run
 * through {@code executeBlocking}.
 */
public final class KeyRing {
  static final long ACTIVE_REFRESH_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** RS256 and ES256 sign VC-JWTs; Ed25519 signs Data Integrity proofs (eddsa-rdfc-2022). */
  public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.Ed25519);
  /** Compiled once: {@link #idOf} runs for every credential the verify API sees. */
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Pool pool;
  private final IssuerOptions options;
  private final KeyCipher cipher;
  private final ConcurrentHashMap<String, Future<SigningKey>> signing = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, JWK> publicKeys = new ConcurrentHashMap<>();
  private volatile Active active;

  private record Active(Map<String, String> idByAlg, long loadedAt) {}

  /** What the admin API and the JWKS show of a key: never the private half. */
  public record KeyInfo(String id, String kid, String alg, String source, Instant created, Instant retired, JWK publicJwk) {}

  public KeyRing(Pool pool, IssuerOptions options) {
    this.pool = pool;
    this.options = options;
    this.cipher = new KeyCipher(options.keySecret());
  }

  /** The kid URL of a key id: answers the bare public JWK. */
  public String kid(String id) {
    return options.publicUrl() + "/keys/" + id;
  }

  /** The key id inside one of this issuer's kid URLs. */
  public Optional<String> idOf(String kid) {
    String prefix = options.publicUrl() + "/keys/";
    if (kid == null || !kid.startsWith(prefix)) {
      return Optional.empty();
    }
    String id = kid.substring(prefix.length());
    return KEY_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  /** Creates the active RS256 and ES256 keys if there are none (first start). */
  public Future<Void> ensureKeys(Vertx vertx) {
    return pool.query(KeySql.ACTIVE).execute().compose(rows -> {
      List<String> present = new ArrayList<>();
      rows.forEach(row -> present.add(row.getString("alg")));
      Future<Void> chain = Future.succeededFuture();
      for (JWSAlgorithm alg : ALGORITHMS) {
        if (!present.contains(alg.getName())) {
          chain = chain.compose(v -> vertx.executeBlocking(() -> generate(alg), false)
              .compose(made -> pool.preparedQuery(KeySql.INSERT_IF_NONE_ACTIVE)
                  .execute(Tuple.of(made.id, alg.getName(), made.publicJson, made.jwe, "generated"))
                  .onSuccess(r -> {
                    if (r.rowCount() == 1) {
                      LOG.info("Generated the {} signing key {}", alg, kid(made.id));
                    }
                  })
                  .mapEmpty()));
        }
      }
      return chain.onSuccess(v -> active = null);
    });
  }

  /** The active key for an algorithm, decrypted. */
  public Future<SigningKey> signingKey(Vertx vertx, JWSAlgorithm alg) {
    return activeIds().compose(ids -> {
      String id = ids.get(alg.getName());
      if (id == null) {
        return ensureKeys(vertx).compose(v -> activeIds()).compose(again -> {
          String made = again.get(alg.getName());
          return made == null ? Future.failedFuture(new KeyException("No active " + alg + " key.")) : load(vertx, made);
        });
      }
      return load(vertx, id);
    });
  }

  /**
   * Succeeds when every algorithm has an active key and the key secret opens it (a health check:
   * generates nothing). A key is decrypted once per process; a key this secret cannot open is not
   * tried again (the secret and a key's row never change), so asking often costs no key derivation.
   */
  public Future<Void> usable(Vertx vertx) {
    return activeIds().compose(ids -> {
      List<Future<SigningKey>> loads = new ArrayList<>();
      for (JWSAlgorithm alg : ALGORITHMS) {
        String id = ids.get(alg.getName());
        if (id == null) {
          return Future.failedFuture(new KeyException("There is no active " + alg + " signing key yet: the issuer "
              + "creates the keys when it starts (CAIRN_COMPONENTS with issuer)."));
        }
        loads.add(load(vertx, id));
      }
      return Future.all(loads).mapEmpty();
    });
  }

  private Future<SigningKey> load(Vertx vertx, String id) {
    Future<SigningKey> cached = signing.get(id);
    if (cached != null && (!cached.failed() || cached.cause() instanceof KeyException)) {
      return cached;
    }
    Future<SigningKey> loading = pool.preparedQuery(KeySql.PRIVATE_KEY).execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new KeyException("No key " + id + "."));
          }
          Row row = rows.iterator().next();
          JWSAlgorithm alg = JWSAlgorithm.parse(row.getString("alg"));
          String jwe = row.getString("private_jwe");
          return vertx.executeBlocking(() -> signer(id, alg, cipher.decrypt(jwe)), false);
        });
    signing.put(id, loading);
    return loading;
  }

  private SigningKey signer(String id, JWSAlgorithm alg, JWK jwk) throws JOSEException {
    if (JWSAlgorithm.Ed25519.equals(alg)) {
      OctetKeyPair okp = jwk.toOctetKeyPair();
      return new SigningKey(id, kid(id), okp.getX().decode(), Ed25519.privateKey(okp.getD().decode()));
    }
    if (JWSAlgorithm.RS256.equals(alg)) {
      return new SigningKey(id, kid(id), alg, new RSASSASigner(jwk.toRSAKey()));
    }
    return new SigningKey(id, kid(id), alg, new ECDSASigner(jwk.toECKey()));
  }

  private Future<Map<String, String>> activeIds() {
    Active current = active;
    if (current != null && System.currentTimeMillis() - current.loadedAt < ACTIVE_REFRESH_MILLIS) {
      return Future.succeededFuture(current.idByAlg);
    }
    return pool.query(KeySql.ACTIVE).execute().map(rows -> {
      Map<String, String> ids = new HashMap<>();
      rows.forEach(row -> ids.put(row.getString("alg"), row.getString("id")));
      active = new Active(Map.copyOf(ids), System.currentTimeMillis());
      return ids;
    });
  }

  /** The public JWK of any key this issuer ever had (active or retired), with its kid URL. */
  public Future<Optional<JWK>> publicKey(String id) {
    JWK cached = publicKeys.get(id);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return pool.preparedQuery(KeySql.PUBLIC_KEY).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      JWK jwk = publicJwk(id, row.getString("alg"), row.getString("public_jwk"));
      publicKeys.put(id, jwk);
      return Optional.of(jwk);
    });
  }

  /** Every key, oldest first: the JWKS and the admin listing. */
  public Future<List<KeyInfo>> all() {
    return pool.query(KeySql.ALL).execute().map(rows -> {
      List<KeyInfo> list = new ArrayList<>();
      rows.forEach(row -> {
        String id = row.getString("id");
        JWK jwk = publicJwk(id, row.getString("alg"), row.getString("public_jwk"));
        publicKeys.putIfAbsent(id, jwk);
        list.add(new KeyInfo(id, kid(id), row.getString("alg"), row.getString("source"),
            row.getOffsetDateTime("created").toInstant(),
            row.getOffsetDateTime("retired") == null ? null : row.getOffsetDateTime("retired").toInstant(), jwk));
      });
      return list;
    });
  }

  /**
   * Rotation: retires the active key of {@code alg} and makes a new one active, generated here or
   * supplied by the operator as a private JWK. Audited. The new key signs from now on (on other
   * nodes within {@link #ACTIVE_REFRESH_MILLIS}).
   */
  public Future<KeyInfo> rotate(Vertx vertx, JWSAlgorithm alg, JWK supplied, String actor, String reason) {
    return vertx.executeBlocking(() -> supplied == null ? generate(alg) : imported(alg, supplied), false)
        .compose(made -> pool.withTransaction(conn -> conn.preparedQuery(KeySql.RETIRE_ACTIVE)
                .execute(Tuple.of(alg.getName()))
                .compose(retired -> {
                  List<String> old = new ArrayList<>();
                  retired.forEach(r -> old.add(r.getString("id")));
                  return conn.preparedQuery(KeySql.INSERT)
                      .execute(Tuple.of(made.id, alg.getName(), made.publicJson, made.jwe,
                          supplied == null ? "generated" : "imported"))
                      .compose(v -> {
                        ObjectNode detail = Json.MAPPER.createObjectNode().put("kid", kid(made.id)).put("alg", alg.getName());
                        detail.putArray("retired").addAll(old.stream().map(id -> Json.MAPPER.getNodeFactory().textNode(kid(id))).toList());
                        return Audit.record(conn, actor, supplied == null ? "rotate-key" : "import-key", null, reason, detail);
                      });
                }))
            .map(v -> {
              active = null;
              LOG.info("Key rotation by {}: {} now signs {}", actor, kid(made.id), alg);
              JWK jwk = publicJwk(made.id, alg.getName(), made.publicJson);
              return new KeyInfo(made.id, kid(made.id), alg.getName(), supplied == null ? "generated" : "imported",
                  Instant.now(), null, jwk);
            }));
  }

  private record Made(String id, String publicJson, String jwe) {}

  private Made generate(JWSAlgorithm alg) throws JOSEException {
    String id = alg.getName().toLowerCase(Locale.ROOT) + "-" + randomId();
    if (JWSAlgorithm.Ed25519.equals(alg)) {
      Ed25519.RawKeys raw = Ed25519.generate();
      JWK okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw.publicKey())).d(Base64URL.encode(raw.secretKey()))
          .keyUse(KeyUse.SIGNATURE).build();
      return new Made(id, okp.toPublicJWK().toJSONString(), cipher.encrypt(okp));
    }
    JWK jwk = JWSAlgorithm.RS256.equals(alg)
        ? new RSAKeyGenerator(options.rsaKeyBits()).keyUse(KeyUse.SIGNATURE).generate()
        : new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).generate();
    return new Made(id, jwk.toPublicJWK().toJSONString(), cipher.encrypt(jwk));
  }

  private Made imported(JWSAlgorithm alg, JWK jwk) {
    if (!jwk.isPrivate()) {
      throw new KeyException("The supplied JWK has no private part; a signing key needs one.");
    }
    if (JWSAlgorithm.Ed25519.equals(alg)) {
      if (!(jwk instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve())
          || !Ed25519.pair(okp.getD().decode(), okp.getX().decode())) {
        throw new KeyException("An Ed25519 key must be an OKP key on Ed25519 whose x belongs to its d.");
      }
    } else if (JWSAlgorithm.RS256.equals(alg)) {
      if (!(jwk instanceof RSAKey rsa) || rsa.size() < 2048) {
        throw new KeyException("An RS256 key must be an RSA key of at least 2048 bits.");
      }
    } else if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
      throw new KeyException("An ES256 key must be an EC key on P-256.");
    }
    String id = alg.getName().toLowerCase(Locale.ROOT) + "-" + randomId();
    // only the key material is kept: the operator's kid, use and other members are replaced
    JWK clean = jwk instanceof RSAKey rsa ? new RSAKey.Builder(rsa).keyID(null).keyUse(KeyUse.SIGNATURE).build()
        : jwk instanceof OctetKeyPair okp ? new OctetKeyPair.Builder(okp).keyID(null).keyUse(KeyUse.SIGNATURE).build()
        : new ECKey.Builder((ECKey) jwk).keyID(null).keyUse(KeyUse.SIGNATURE).build();
    return new Made(id, clean.toPublicJWK().toJSONString(), cipher.encrypt(clean));
  }

  private JWK publicJwk(String id, String alg, String json) {
    try {
      JWK jwk = JWK.parse(json);
      JWK pub = jwk.toPublicJWK();
      if (pub instanceof OctetKeyPair okp) {
        return new OctetKeyPair.Builder(okp).keyID(kid(id)).algorithm(JWSAlgorithm.parse(alg)).keyUse(KeyUse.SIGNATURE).build();
      }
      return pub instanceof RSAKey rsa
          ? new RSAKey.Builder(rsa).keyID(kid(id)).algorithm(JWSAlgorithm.parse(alg)).keyUse(KeyUse.SIGNATURE).build()
          : new ECKey.Builder((ECKey) pub).keyID(kid(id)).algorithm(JWSAlgorithm.parse(alg)).keyUse(KeyUse.SIGNATURE).build();
    } catch (ParseException e) {
      throw new KeyException("The stored public key " + id + " is not a JWK.");
    }
  }

  private static String randomId() {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
