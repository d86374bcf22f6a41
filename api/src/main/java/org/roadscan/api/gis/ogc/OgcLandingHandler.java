package org.roadscan.api.gis.ogc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code GET /ogc}: the OGC API – Features landing page (OGC 17-069r4 §7.2). */
public final class OgcLandingHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    OgcRequest request = OgcRequest.of(ctx, Set.of());
    String root = OgcRequest.ROOT;
    JsonObject landing = new JsonObject()
        .put("title", "RoadScan damage register")
        .put("description", "Road damages found in images (potholes and cracks), merged into "
            + "one register, as OGC API – Features (Part 1 Core, GeoJSON, CRS84).")
        .put("links", new JsonArray()
            .add(OgcLink.of(request.url(root), "self", OgcRequest.JSON, "This document"))
            .add(OgcLink.of(request.url(root + "/api"), "service-doc", "text/html",
                "What this API serves and accepts"))
            .add(OgcLink.of(request.url(root + "/conformance"), "conformance", OgcRequest.JSON,
                "Conformance classes implemented"))
            .add(OgcLink.of(request.url(root + "/collections"), "data", OgcRequest.JSON,
                "The collections")));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OgcRequest.JSON).end(landing.encode());
  }
}
