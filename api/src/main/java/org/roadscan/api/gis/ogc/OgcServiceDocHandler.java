package org.roadscan.api.gis.ogc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /ogc/api}: the API's human documentation (the landing page's service-doc). */
public final class OgcServiceDocHandler implements Handler<RoutingContext> {

  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>RoadScan OGC API – Features</title></head>
      <body>
      <h1>RoadScan OGC API – Features</h1>
      <p>OGC API – Features Part 1 (Core, GeoJSON). CRS: CRS84 (lon, lat, WGS84 degrees).
      One collection, <code>damages</code>: a Point per damage at its merged position.</p>
      <ul>
      <li><code>GET /ogc</code> landing page, <code>GET /ogc/conformance</code>,
        <code>GET /ogc/collections</code>, <code>GET /ogc/collections/damages</code></li>
      <li><code>GET /ogc/collections/damages/items</code> (application/geo+json), parameters:
        <code>bbox=minLon,minLat,maxLon,maxLat</code> (4 numbers, CRS84),
        <code>datetime</code> (an instant or interval such as
        <code>2026-01-01T00:00:00Z/..</code>; matches damages whose first-seen..last-seen span
        intersects it), <code>limit</code> (default 10; above 10000 served as 10000 with a <code>next</code> link;
        below 1 is 400),
        <code>cursor</code> (only as given in a <code>next</code> link), <code>f=json|geojson</code>.
        Features are ordered by id; any other parameter is 400.</li>
      <li><code>GET /ogc/collections/damages/items/{id}</code> one feature.</li>
      </ul>
      <p>Errors are RFC 9457 <code>application/problem+json</code>.</p>
      </body></html>
      """;

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(PAGE);
  }
}
