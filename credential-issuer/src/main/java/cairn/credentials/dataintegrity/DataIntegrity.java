package cairn.credentials.dataintegrity;

import cairn.credentials.did.IssuerDids;
import cairn.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The Data Integrity form of Cairn's credentials: the same OB 3.0 credential as the VC-JWT, without the
 * JWT claims ({@code iss}, {@code jti}, {@code sub}, {@code nbf}, {@code exp}), its issuer identified by
 * a DID ({@link IssuerDids}) and an embedded {@code eddsa-rdfc-2022} proof by that DID's active Ed25519
 * key — a proof set of one, as OB 3.0's JSON schema wants {@code proof} to be an array. Blocking (CPU):
 * sign off the event loop.
 */
public final class DataIntegrity {
  /** Media type of a credential secured with an embedded proof (VC Data Model 2.0 §6.1). */
  public static final String MEDIA_TYPE = "application/vc";
  private static final String[] JWT_CLAIMS = {"iss", "jti", "sub", "nbf", "exp", "iat"};

  /** Made on first use, on a worker thread: loading the contexts and the JSON-LD classes takes a while. */
  private static final class Suite {
    static final EddsaRdfc2022 INSTANCE = new EddsaRdfc2022(new Canonicalizer(LocalContexts.get()));
  }
  private final IssuerDids dids;

  public DataIntegrity(IssuerDids dids) {
    this.dids = dids;
  }

  public IssuerDids dids() {
    return dids;
  }

  /** The cryptosuite, on the bundled contexts. Blocking the first time (loads them): call it off the event loop. */
  public EddsaRdfc2022 suite() {
    return Suite.INSTANCE;
  }

  /**
   * The credential {@code vc} (a VC-JWT payload or a bare credential) issued by {@code signer}'s DID
   * with {@code credentialStatus} replaced by {@code status} (null: none), signed.
   */
  public ObjectNode secure(ObjectNode vc, IssuerDids.Signer signer, JsonNode status, Instant created) {
    ObjectNode credential = vc.deepCopy();
    for (String claim : JWT_CLAIMS) {
      credential.remove(claim);
    }
    if (credential.path("issuer").isObject()) {
      ((ObjectNode) credential.get("issuer")).put("id", signer.did());
    } else {
      credential.put("issuer", signer.did());
    }
    if (status != null) {
      credential.set("credentialStatus", status);
    }
    ObjectNode signed = suite().sign(credential, signer.verificationMethod(), created, signer.key()::signBytes);
    // OB 3.0's JSON schema has proof as an array (proofs [0..*]); a set of one proof verifies the same
    signed.set("proof", Json.MAPPER.createArrayNode().add(signed.get("proof")));
    return signed;
  }
}
