package org.roadscan.api.docs;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api}: the {@link ApiPage}. */
public final class ApiPageHandler implements Handler<RoutingContext> {

  /** No script, no outside resources: the page needs nothing but its own inline style. */
  private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
      + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private final ApiPage page;

  public ApiPageHandler(ApiPage page) {
    this.page = page;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
        .end(page.html());
  }
}
