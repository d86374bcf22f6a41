package org.roadscan.api.page;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Security headers of the page's answers. The Content-Security-Policy lets the page load scripts,
 * styles and data only from the service itself, and images from the service, from {@code blob:}
 * (pictures fetched with a sign-in token), {@code data:} (Leaflet blanks a tile it drops with one)
 * and from the OpenStreetMap tile server, the one outside
 * host the page talks to: no inline script or style, no framing. Stateless, thread-safe.
 */
public final class PageSecurityHeaders implements Handler<RoutingContext> {

  /** The one outside origin: OpenStreetMap's standard tiles, used only when reachable. */
  public static final String TILE_ORIGIN = "https://tile.openstreetmap.org";

  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
      + " style-src 'self'; img-src 'self' data: blob: " + TILE_ORIGIN + "; connect-src 'self';"
      + " font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
      + " frame-ancestors 'none'";

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        // OSM's tile policy asks web pages to send a Referer; the origin is enough for it.
        .putHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    ctx.next();
  }
}
