package org.roadscan.api.gis.ogc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /ogc/conformance}: Core and GeoJSON only. No OpenAPI 3.0 document is served (the
 * service-doc is HTML), so {@code oas30} is not claimed, nor HTML.
 */
public final class OgcConformanceHandler implements Handler<RoutingContext> {

  static final String CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
  static final String GEOJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";

  @Override
  public void handle(RoutingContext ctx) {
    OgcRequest.of(ctx, Set.of());
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OgcRequest.JSON)
        .end(new JsonObject().put("conformsTo", new JsonArray().add(CORE).add(GEOJSON)).encode());
  }
}
