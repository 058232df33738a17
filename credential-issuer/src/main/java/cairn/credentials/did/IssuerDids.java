package cairn.credentials.did;

import cairn.credentials.IssuerOptions;
import cairn.credentials.dataintegrity.LocalContexts;
import cairn.credentials.dataintegrity.Multikey;
import cairn.credentials.keys.KeyRing;
import cairn.credentials.keys.SigningKey;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetKeyPair;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * The issuer's decentralized identifiers, for Data Integrity credentials (which wallets and verifiers
 * such as the DCC Learner Credential Wallet and VerifierPlus identify issuers by).
 *
 * <ul>
 *   <li>{@code did:web} (DID Web Method): {@code publicUrl}'s host (a port as {@code %3A}) and path, so
 *       {@code https://cairn.example} is {@code did:web:cairn.example}, its document at
 *       {@code /.well-known/did.json}, and {@code https://example.org/cairn} is
 *       {@code did:web:example.org:cairn}, its document at {@code /cairn/did.json}. Issuer profiles
 *       other than the default are {@code <that DID>:issuers:<id>}, at {@code /issuers/<id>/did.json}.
 *       Each document lists every Ed25519 key ever used, active and retired, as a {@code Multikey}
 *       verification method {@code <DID>#<key id>} and an {@code assertionMethod}: a rotation never
 *       stops an old credential from verifying.</li>
 *   <li>{@code did:key} (for installations without a stable public domain): the DID is the active
 *       Ed25519 public key, {@code did:key:z6Mk…}, its one verification method
 *       {@code did:key:z6Mk…#z6Mk…}; it resolves from the identifier alone. A rotation gives a new DID.</li>
 * </ul>
 */
public final class IssuerDids {
  private final IssuerOptions options;
  private final KeyRing keys;
  private final String root;

  /** The key that signs a Data Integrity proof now, as whom, under which verification method. */
  public record Signer(String did, String verificationMethod, SigningKey key) {}

  /** A verification method resolved: its raw Ed25519 key, its controller, and whether it is one of this issuer's. */
  public record Resolved(byte[] publicKey, String controller, boolean ours, String how) {}

  public IssuerDids(IssuerOptions options, KeyRing keys) {
    this.options = options;
    this.keys = keys;
    this.root = webDid(options.publicUrl());
  }

  /** did:web of a URL's host and path (DID Web Method §3.2 Create). */
  public static String webDid(String url) {
    URI u = URI.create(url);
    StringBuilder did = new StringBuilder("did:web:").append(u.getHost());
    if (u.getPort() >= 0) {
      did.append("%3A").append(u.getPort());
    }
    for (String segment : u.getPath() == null ? new String[0] : u.getPath().split("/")) {
      if (!segment.isEmpty()) {
        did.append(':').append(segment);
      }
    }
    return did.toString();
  }

  /** The did:web of an issuer profile. */
  public String webDidOf(String slug) {
    return IssuerOptions.DEFAULT_ISSUER.equals(slug) ? root : root + ":issuers:" + slug;
  }

  /** Which DID method the installation uses: {@code web} or {@code key}. */
  public String method() {
    return options.didMethod();
  }

  /** The active Ed25519 key and the DID and verification method a profile signs with. */
  public Future<Signer> signer(Vertx vertx, String slug) {
    return keys.signingKey(vertx, JWSAlgorithm.Ed25519).map(key -> {
      if ("key".equals(options.didMethod())) {
        String multikey = Multikey.publicKey(key.publicKeyBytes());
        String did = "did:key:" + multikey;
        return new Signer(did, did + "#" + multikey, key);
      }
      String did = webDidOf(slug);
      return new Signer(did, did + "#" + key.id(), key);
    });
  }

  /**
   * The did:web document of the profile whose DID is served at that path ({@code null} slug: the
   * default profile), with every Ed25519 key this issuer ever had.
   */
  public Future<ObjectNode> document(String slug) {
    String did = webDidOf(slug == null ? IssuerOptions.DEFAULT_ISSUER : slug);
    return keys.all().map(all -> {
      ObjectNode doc = Json.MAPPER.createObjectNode();
      doc.putArray("@context").add(LocalContexts.DID_V1).add(LocalContexts.MULTIKEY_V1);
      doc.put("id", did);
      ArrayNode methods = doc.putArray("verificationMethod");
      ArrayNode assertion = doc.putArray("assertionMethod");
      all.stream().filter(k -> JWSAlgorithm.Ed25519.getName().equals(k.alg())).forEach(k -> {
        String id = did + "#" + k.id();
        methods.addObject().put("id", id).put("type", "Multikey").put("controller", did)
            .put("publicKeyMultibase", Multikey.publicKey(((OctetKeyPair) k.publicJwk()).getX().decode()));
        assertion.add(id);
      });
      return doc;
    });
  }

  /** A did:key document (did:key Method §3.1.1), for the admin API and tests: resolves from the identifier alone. */
  public static ObjectNode didKeyDocument(String multikey) {
    String did = "did:key:" + multikey;
    String vm = did + "#" + multikey;
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.putArray("@context").add(LocalContexts.DID_V1).add(LocalContexts.MULTIKEY_V1);
    doc.put("id", did);
    doc.putArray("verificationMethod").addObject().put("id", vm).put("type", "Multikey").put("controller", did)
        .put("publicKeyMultibase", multikey);
    for (String relation : List.of("authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation")) {
      doc.putArray(relation).add(vm);
    }
    return doc;
  }

  /**
   * Resolves a proof's verification method to its Ed25519 key: this issuer's did:web DIDs from its own
   * key store (retired keys too); a did:key from the identifier itself; another did:web by fetching its
   * document with {@code fetch} (the verifier's outbound policy). Fails with the reason.
   */
  public Future<Resolved> resolve(String verificationMethod, Function<String, Future<String>> fetch) {
    int hash = verificationMethod.indexOf('#');
    if (hash < 0) {
      return Future.failedFuture(new IllegalArgumentException("the verification method " + verificationMethod
          + " has no fragment (#key)"));
    }
    String did = verificationMethod.substring(0, hash);
    String fragment = verificationMethod.substring(hash + 1);
    if (did.startsWith("did:key:")) {
      String multikey = did.substring("did:key:".length());
      byte[] raw;
      try {
        raw = Multikey.decodePublicKey(multikey);
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new IllegalArgumentException(did + " is not an Ed25519 did:key: " + e.getMessage()));
      }
      if (!fragment.equals(multikey)) {
        return Future.failedFuture(new IllegalArgumentException("a did:key verification method is " + did + "#" + multikey));
      }
      return ours(raw).map(mine -> new Resolved(raw, did, mine, "did:key, resolved from the identifier"));
    }
    if (did.equals(root) || did.startsWith(root + ":issuers:")) {
      return keys.publicKey(fragment).compose(found -> {
        if (found.isEmpty() || !(found.get() instanceof OctetKeyPair okp)) {
          return Future.failedFuture(new IllegalArgumentException(verificationMethod
              + " names no Ed25519 key this issuer ever had"));
        }
        return Future.succeededFuture(new Resolved(okp.getX().decode(), did, true, "this issuer's DID document"));
      });
    }
    if (did.startsWith("did:web:")) {
      String url = webUrl(did);
      return fetch.apply(url).map(text -> {
        JsonNode doc = Json.tree(text);
        if (!did.equals(doc.path("id").asText())) {
          throw new IllegalArgumentException("the DID document at " + url + " is not " + did + "'s");
        }
        for (JsonNode vm : doc.path("verificationMethod")) {
          String id = vm.path("id").asText();
          if (id.equals(verificationMethod) || id.equals("#" + fragment)) {
            if (!listed(doc.path("assertionMethod"), verificationMethod, fragment)) {
              throw new IllegalArgumentException(verificationMethod + " is not an assertionMethod of " + did);
            }
            return new Resolved(Multikey.decodePublicKey(vm.path("publicKeyMultibase").asText()), did, false,
                "the DID document at " + url);
          }
        }
        throw new IllegalArgumentException(did + "'s DID document has no verification method " + verificationMethod);
      });
    }
    return Future.failedFuture(new IllegalArgumentException("verification method " + verificationMethod
        + ": only did:web and did:key are resolved"));
  }

  /** Whether one of this issuer's Ed25519 keys, active or retired, is this raw key. */
  private Future<Boolean> ours(byte[] raw) {
    return keys.all().map(all -> all.stream().anyMatch(k -> k.publicJwk() instanceof OctetKeyPair okp
        && java.util.Arrays.equals(okp.getX().decode(), raw)));
  }

  private static boolean listed(JsonNode relation, String vm, String fragment) {
    for (JsonNode entry : relation) {
      String id = entry.isTextual() ? entry.asText() : entry.path("id").asText();
      if (id.equals(vm) || id.equals("#" + fragment)) {
        return true;
      }
    }
    return false;
  }

  /** The https URL of a did:web document (DID Web Method §3.2 Read). */
  public static String webUrl(String did) {
    String[] parts = did.substring("did:web:".length()).split(":");
    StringBuilder url = new StringBuilder("https://").append(parts[0].replace("%3A", ":").replace("%3a", ":"));
    if (parts.length == 1) {
      return url.append("/.well-known/did.json").toString();
    }
    for (int i = 1; i < parts.length; i++) {
      url.append('/').append(parts[i]);
    }
    return url.append("/did.json").toString();
  }
}
