package cairn.lrs.http;

import cairn.web.ApiException;
import cairn.xapi.XapiVersion;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Requires and negotiates {@code X-Experience-API-Version} (1.0.3 Part Three §6.2; IEEE
 * 9274.1.1-2023 §4.1.2): a missing or unsupported version is a 400; the answer carries the version
 * the LRS speaks for this request.
 */
public final class VersionHandler implements Handler<RoutingContext> {
  public static final String HEADER = "X-Experience-API-Version";
  private static final String KEY = "cairn.xapiVersion";
  private final XapiVersion fallback;

  /** @param fallback the version named in answers to requests without a usable version header */
  public VersionHandler(XapiVersion fallback) {
    this.fallback = fallback;
  }

  public static XapiVersion version(RoutingContext ctx) {
    XapiVersion v = ctx.get(KEY);
    return v != null ? v : XapiVersion.V2_0_0;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HEADER);
    var version = XapiVersion.parse(header);
    ctx.response().putHeader(HEADER, version.orElse(fallback).header());
    if (header == null) {
      ctx.fail(ApiException.badRequest("The X-Experience-API-Version header is required.", HEADER));
      return;
    }
    if (version.isEmpty()) {
      ctx.fail(ApiException.badRequest(
          "Unsupported xAPI version '" + header + "'; this LRS speaks 1.0.3 and 2.0.0.", HEADER));
      return;
    }
    ctx.put(KEY, version.get());
    ctx.next();
  }
}
