package org.roadscan.api.page;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.handler.StaticHandler;
import org.roadscan.api.auth.Access;
import org.roadscan.api.auth.AccessRoutes;

/**
 * Mounts the page: {@code GET /} (the page itself), {@code GET /app/*} (its modules, styles and
 * labels, {@code webroot/app/} on the classpath) and {@code GET /vendor/leaflet/*} (Leaflet's
 * {@code dist/} from the {@code org.webjars.npm:leaflet} jar). Only these paths: an unknown
 * {@code /v1/...} path or a missing file falls through to the router's problem 404, and {@code
 * /api} and {@code /openapi.json} stay free for the API description. Public: the page holds no
 * data; it asks for a token and calls the API with it (issue #30).
 *
 * <p>The page's own files are sent without caching headers, so a new release is picked up at the
 * next load; Leaflet's files are versioned by the jar and cached for a day.
 */
public final class PageRoutes {

  static final String WEBROOT = "webroot";
  /** Leaflet's files in its webjar; the version is the parent pom's {@code leaflet.version}. */
  static final String LEAFLET_DIST = "META-INF/resources/webjars/leaflet/1.9.4/dist";
  private static final long VENDOR_MAX_AGE_S = 24 * 3600;

  private PageRoutes() {
  }

  /** Adds the page's routes; call before the router's failure and 404 handlers. */
  public static void mount(AccessRoutes router) {
    PageSecurityHeaders headers = new PageSecurityHeaders();
    read(router, "/").handler(headers).handler(StaticHandler.create(WEBROOT)
        .setIndexPage("index.html").setCachingEnabled(false)
        .setDefaultContentEncoding("UTF-8"));
    read(router, "/app/*").handler(headers).handler(StaticHandler.create(WEBROOT + "/app")
        .setCachingEnabled(false).setDirectoryListing(false).setDefaultContentEncoding("UTF-8"));
    read(router, "/vendor/leaflet/*").handler(headers).handler(StaticHandler.create(LEAFLET_DIST)
        .setMaxAgeSeconds(VENDOR_MAX_AGE_S).setDirectoryListing(false)
        .setDefaultContentEncoding("UTF-8"));
  }

  /** GET and HEAD of a path, public. */
  private static Route read(AccessRoutes router, String path) {
    return router.route(path, Access.PUBLIC, HttpMethod.GET, HttpMethod.HEAD);
  }
}
