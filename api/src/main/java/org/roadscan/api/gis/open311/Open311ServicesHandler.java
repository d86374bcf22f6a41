package org.roadscan.api.gis.open311;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /open311/v2/services.json}: one Open311 service per damage class. */
public final class Open311ServicesHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    JsonArray services = new JsonArray();
    Open311Json.SERVICE_NAMES.keySet().forEach(code -> services.add(Open311Json.service(code)));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(services.encode());
  }
}
