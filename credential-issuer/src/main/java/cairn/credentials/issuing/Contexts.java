package cairn.credentials.issuing;

import cairn.web.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** The JSON-LD contexts of an OpenBadgeCredential (OB 3.0 §B.1.1): VC Data Model v2, then OB 3.0.3. */
public final class Contexts {
  public static final String VC_V2 = "https://www.w3.org/ns/credentials/v2";
  public static final String VC_V1 = "https://www.w3.org/2018/credentials/v1";
  public static final String OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
  /** Any published OB 3.0 context (3.0.0 … 3.0.3): what a verifier accepts from other issuers. */
  public static final String OB_V3_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context";

  private Contexts() {}

  public static ArrayNode credential() {
    return Json.MAPPER.createArrayNode().add(VC_V2).add(OB_V3);
  }
}
