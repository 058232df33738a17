package cairn.credentials.dataintegrity;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.rdf.api.RdfConsumerException;
import com.apicatalog.rdf.canon.RdfCanon;
import com.apicatalog.rdf.canon.RdfCanonTimeTicker;
import com.apicatalog.rdf.nquads.NQuadsWriter;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.io.StringWriter;

/**
 * RDF Dataset Canonicalization (W3C RDFC-1.0) of a JSON-LD document, as eddsa-rdfc-2022 transforms
 * documents and proof configurations (vc-di-eddsa §3.3.3): JSON-LD 1.1 to RDF with Titanium, the
 * dataset canonicalized with SHA-256 by titanium-rdfc, written as sorted canonical N-Quads. Contexts come
 * only from {@link LocalContexts}. Blocking (CPU): call it off the event loop.
 */
public final class Canonicalizer {
  /** The most time one canonicalization may take. */
  static final long LIMIT_MILLIS = 2_000;
  private final LocalContexts contexts;

  public Canonicalizer(LocalContexts contexts) {
    this.contexts = contexts;
  }

  /** The canonical N-Quads of {@code document}; a document that cannot be processed is a {@link ProofException}. */
  public String canonicalize(JsonNode document) {
    JsonStructure json;
    try (JsonReader reader = Json.createReader(new StringReader(document.toString()))) {
      json = reader.read();
    }
    // RDFC-1.0 can be made to work exponentially hard by crafted blank nodes ("poison" datasets, RDFC-1.0
    // §4.4): the ticker stops it after a time limit no honest credential comes near
    RdfCanon canon = RdfCanon.create("SHA-256", new RdfCanonTimeTicker(LIMIT_MILLIS));
    try {
      JsonLd.toRdf(JsonDocument.of(json)).loader(contexts).provide(canon);
      StringWriter out = new StringWriter();
      canon.provide(new NQuadsWriter(out));
      return out.toString();
    } catch (JsonLdError e) {
      throw new ProofException(reason(e));
    } catch (IllegalStateException e) {
      throw new ProofException("Canonicalizing the document took longer than " + LIMIT_MILLIS + " ms (RDFC-1.0 "
          + "stopped): its blank nodes make it too expensive to canonicalize.");
    } catch (RdfConsumerException e) {
      throw new ProofException("The document could not be canonicalized (RDFC-1.0): " + e.getMessage());
    }
  }

  /** Titanium wraps the loader's refusal in its own words: the refusal, which names the context, is clearer. */
  private static String reason(JsonLdError e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().startsWith(LocalContexts.REFUSED)) {
        return t.getMessage();
      }
    }
    return "The document is not valid JSON-LD for these contexts: " + e.getMessage();
  }
}
