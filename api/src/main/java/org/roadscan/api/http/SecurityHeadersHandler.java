package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * The first handler of the router (issue #30): headers every response carries, answers and
 * problems alike ({@link ProblemHandler} sets them again, since a failure may come before this
 * handler ran): {@code X-Content-Type-Options: nosniff} (a browser never guesses a type, so an
 * uploaded file is never run as a script), {@code Referrer-Policy: no-referrer} (URLs, which may
 * carry an {@code access_token}, never leave in a {@code Referer}), {@code X-Frame-Options:
 * DENY} (no page of ours inside another site's frame). Stateless.
 */
public final class SecurityHeadersHandler implements Handler<RoutingContext> {

  /** Headers a cross-origin page may send; the rest are refused by the browser's preflight. */
  private static final Set<String> CORS_REQUEST_HEADERS = Set.of("Authorization", "Content-Type",
      "If-Match", "Last-Event-ID");
  /** Response headers a cross-origin page may read. */
  private static final Set<String> CORS_EXPOSED_HEADERS = Set.of("ETag", "Location", "Link",
      "Retry-After", "WWW-Authenticate");

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx.response());
    ctx.next();
  }

  /** Sets the headers on {@code response} (unless its head is written already). */
  public static void apply(HttpServerResponse response) {
    if (response.headWritten()) {
      return;
    }
    response.putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
  }

  /**
   * CORS for exactly {@code origins} ({@code ROADSCAN_CORS_ORIGINS}), or null when none are
   * configured: then no response carries CORS headers and browsers keep other sites' pages from
   * reading answers. Credentials (cookies) are never allowed: callers send bearer tokens.
   */
  public static CorsHandler cors(List<String> origins) {
    if (origins.isEmpty()) {
      return null;
    }
    return CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH,
            HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(CORS_REQUEST_HEADERS)
        .exposedHeaders(CORS_EXPOSED_HEADERS)
        .allowCredentials(false)
        .maxAgeSeconds(600);
  }
}
