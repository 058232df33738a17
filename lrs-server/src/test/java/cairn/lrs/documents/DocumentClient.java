package cairn.lrs.documents;

import cairn.lrs.testing.LrsServer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Calls one document resource as an xAPI client would: parameters encoded, headers optional. */
final class DocumentClient {
  private final LrsServer lrs;
  private final String path;
  private final String auth;
  private final String version;

  DocumentClient(LrsServer lrs, String path, String auth, String version) {
    this.lrs = lrs;
    this.path = path;
    this.auth = auth;
    this.version = version;
  }

  /** An agent of its own for each test, so tests sharing the database never see each other's documents. */
  static String newAgent() {
    return new JsonObject().put("objectType", "Agent").put("mbox", "mailto:" + UUID.randomUUID() + "@ex.com").encode();
  }

  static String newActivity() {
    return "http://ex.com/activities/" + UUID.randomUUID();
  }

  static Map<String, String> params(String... pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  HttpResponse<Buffer> send(HttpMethod method, Map<String, String> params, MultiMap headers, Buffer body) {
    StringBuilder uri = new StringBuilder(path);
    char sep = '?';
    for (Map.Entry<String, String> p : params.entrySet()) {
      uri.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    var request = lrs.xapi(method, uri.toString(), auth, version);
    if (headers != null) {
      request.putHeaders(headers);
    }
    return (body == null ? request.send() : request.sendBuffer(body)).await();
  }

  HttpResponse<Buffer> get(Map<String, String> params) {
    return send(HttpMethod.GET, params, null, null);
  }

  HttpResponse<Buffer> put(Map<String, String> params, JsonObject json, String... headers) {
    return send(HttpMethod.PUT, params, json(headers), Buffer.buffer(json.encode()));
  }

  HttpResponse<Buffer> post(Map<String, String> params, JsonObject json, String... headers) {
    return send(HttpMethod.POST, params, json(headers), Buffer.buffer(json.encode()));
  }

  HttpResponse<Buffer> delete(Map<String, String> params, String... headers) {
    return send(HttpMethod.DELETE, params, headers(headers), null);
  }

  static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  private static MultiMap json(String... pairs) {
    return headers(pairs).add("Content-Type", "application/json");
  }
}
