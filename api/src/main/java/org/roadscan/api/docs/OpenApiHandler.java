package org.roadscan.api.docs;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /openapi.json}: the {@link OpenApiDocument}, cacheable for an hour. */
public final class OpenApiHandler implements Handler<RoutingContext> {

  private final OpenApiDocument document;

  public OpenApiHandler(OpenApiDocument document) {
    this.document = document;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
        .end(document.text());
  }
}
