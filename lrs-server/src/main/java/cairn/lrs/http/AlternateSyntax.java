package cairn.lrs.http;

import cairn.web.ApiException;
import cairn.web.RequestBody;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Alternate Request Syntax of xAPI 1.0.3 (Part Three §1.3): a POST with a single {@code method}
 * query parameter and a form body carrying headers, parameters and {@code content}. The request is
 * rewritten into the one it stands for and routed again. xAPI 2.0 dropped the syntax (IEEE
 * 9274.1.1-2023 §4.1.1), so there it is a 400.
 */
public final class AlternateSyntax implements Handler<RoutingContext> {
  private static final Set<String> HEADERS = Set.of("authorization", "x-experience-api-version",
      "content-type", "content-length", "if-match", "if-none-match");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE");

  private final long limit;

  public AlternateSyntax(long limit) {
    this.limit = limit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!ctx.request().params().contains("method")) {
      ctx.next();
      return;
    }
    if (ctx.request().method() != HttpMethod.POST) {
      ctx.fail(ApiException.badRequest("The alternate request syntax (a 'method' parameter) needs POST.", "method"));
      return;
    }
    if (ctx.request().params().size() > 1) {
      ctx.fail(ApiException.badRequest(
          "With the alternate request syntax, 'method' must be the only query parameter.", "method"));
      return;
    }
    String method = ctx.request().getParam("method").toUpperCase(java.util.Locale.ROOT);
    if (!METHODS.contains(method)) {
      ctx.fail(ApiException.badRequest("Unknown method '" + method + "'.", "method"));
      return;
    }
    new RequestBody(limit).read(ctx, body -> rewrite(ctx, HttpMethod.valueOf(method), body));
  }

  private void rewrite(RoutingContext ctx, HttpMethod method, Buffer body) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      ctx.fail(ApiException.badRequest(
          "The alternate request syntax sends its body as application/x-www-form-urlencoded.", "Content-Type"));
      return;
    }
    Map<String, List<String>> form;
    try {
      form = new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), false).parameters();
    } catch (IllegalArgumentException e) {
      ctx.fail(ApiException.badRequest("The form is not valid percent-encoded UTF-8: " + e.getMessage(), "content"));
      return;
    }
    for (Map.Entry<String, List<String>> field : form.entrySet()) {
      if (field.getKey().indexOf('\0') >= 0 || field.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
        ctx.fail(ApiException.badRequest("Form fields cannot contain the NUL character.", field.getKey()));
        return;
      }
    }
    ctx.request().headers().remove("Content-Type");
    QueryStringEncoder query = new QueryStringEncoder(ctx.request().path());
    Buffer content = null;
    for (Map.Entry<String, List<String>> field : form.entrySet()) {
      String name = field.getKey();
      String value = field.getValue().get(0);
      if (HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        ctx.request().headers().set(name, value);
      } else if (name.equals("content")) {
        content = Buffer.buffer(value);
      } else {
        query.addParam(name, value);
      }
    }
    String version = ctx.request().getHeader(VersionHandler.HEADER);
    if (version != null && version.trim().startsWith("2.")) {
      ctx.fail(ApiException.badRequest("xAPI 2.0 has no alternate request syntax; send the request itself.", "method"));
      return;
    }
    if ((method == HttpMethod.PUT || method == HttpMethod.POST) && content == null) {
      ctx.fail(ApiException.badRequest("The form has no 'content' field for this " + method + ".", "content"));
      return;
    }
    if (ctx.request().getHeader("Content-Type") == null && content != null) {
      ctx.request().headers().set("Content-Type", "application/json");
    }
    RequestBody.set(ctx, content == null ? Buffer.buffer() : content);
    ctx.reroute(method, query.toString());
  }
}
