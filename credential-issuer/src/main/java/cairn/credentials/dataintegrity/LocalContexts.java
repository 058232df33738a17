package cairn.credentials.dataintegrity;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON-LD document loader of Data Integrity: every context a credential, a proof or a status list
 * may name is a copy bundled in this jar ({@code src/main/resources/cairn/credentials/contexts}, its
 * README names the sources), parsed once. Nothing is ever fetched: a context that is not here is
 * refused, so a credential cannot make the issuer or the verifier reach out to a URL of its choosing,
 * and no context can change under a signature (VC Data Model 2.0 §5.2 and Data Integrity §4.1 recommend
 * exactly this: contexts pinned and loaded from local copies).
 */
public final class LocalContexts implements DocumentLoader {
  /** The context of the VC Data Model 2.0: it also defines DataIntegrityProof and the Bitstring status terms. */
  public static final String VC_V2 = "https://www.w3.org/ns/credentials/v2";
  public static final String DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2";
  public static final String MULTIKEY_V1 = "https://w3id.org/security/multikey/v1";
  public static final String DID_V1 = "https://www.w3.org/ns/did/v1";
  /** The context of 1EdTech's Comprehensive Learner Record 2.0 (a ClrCredential, its ClrSubject and associations). */
  public static final String CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";

  static final String REFUSED = "Unknown JSON-LD context ";
  private static final Map<String, String> FILES = new LinkedHashMap<>();
  static {
    FILES.put(VC_V2, "credentials-v2.jsonld");
    FILES.put("https://www.w3.org/2018/credentials/v1", "credentials-v1.jsonld");
    FILES.put("https://purl.imsglobal.org/spec/ob/v3p0/context.json", "ob-context-3.0.json");
    FILES.put("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", "ob-context-3.0.1.json");
    FILES.put("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json", "ob-context-3.0.2.json");
    FILES.put("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "ob-context-3.0.3.json");
    FILES.put("https://w3id.org/security/data-integrity/v1", "data-integrity-v1.jsonld");
    FILES.put(DATA_INTEGRITY_V2, "data-integrity-v2.jsonld");
    FILES.put(MULTIKEY_V1, "multikey-v1.jsonld");
    FILES.put("https://www.w3.org/ns/credentials/status/v1", "bitstring-status-list-v1.jsonld");
    FILES.put(DID_V1, "did-v1.jsonld");
    FILES.put(CLR_V2, "clr-context-2.0.1.json");
  }

  /** Parsed on first use (on a worker thread: signing and verifying run there), not when a class is wired. */
  private static final class Instance {
    static final LocalContexts INSTANCE = new LocalContexts(Map.of());
  }

  private final Map<String, Document> documents = new LinkedHashMap<>();

  /** The contexts Cairn knows, and {@code extra} ones (URL → JSON-LD document text), for tests. */
  LocalContexts(Map<String, String> extra) {
    FILES.forEach((url, file) -> documents.put(url, load(url, file)));
    extra.forEach((url, json) -> {
      try {
        documents.put(url, document(url, JsonDocument.of(new java.io.StringReader(json))));
      } catch (JsonLdError e) {
        throw new IllegalArgumentException(url + ": " + e.getMessage(), e);
      }
    });
  }

  public static LocalContexts get() {
    return Instance.INSTANCE;
  }

  /** The URLs of the contexts served from local copies. */
  public static Set<String> urls() {
    return FILES.keySet();
  }

  /** The text of a bundled context, for a JavaScript loader or a test to use the very same file. */
  public static String file(String url) {
    return FILES.get(url);
  }

  @Override
  public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
    Document document = documents.get(url.toString());
    if (document == null) {
      throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, REFUSED + url
          + ": only the contexts of VC 2.0, Open Badges 3.0, CLR 2.0, Data Integrity, Multikey and the Bitstring Status List "
          + "are accepted, from local copies (contexts are never fetched).");
    }
    return document;
  }

  private static Document load(String url, String file) {
    try (InputStream in = LocalContexts.class.getResourceAsStream("/cairn/credentials/contexts/" + file)) {
      if (in == null) {
        throw new IllegalStateException("the bundled context " + file + " is missing from the jar");
      }
      return document(url, JsonDocument.of(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JsonLdError e) {
      throw new IllegalStateException("the bundled context " + file + " is not JSON: " + e.getMessage(), e);
    }
  }

  private static Document document(String url, JsonDocument document) {
    document.setDocumentUrl(URI.create(url));
    return document;
  }
}
