package org.roadscan.api.metrics;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.roadscan.api.auth.AccessRoutes;

/**
 * Counts each answered request by method, route template and status ({@link
 * ServiceMetrics#request}). Mounted first on every request; the route comes from {@link
 * AccessRoutes#routeOf} (each declared route tags the request with its template), so the count
 * never carries a raw path: a request no route matched counts as {@link #UNMATCHED}. Likewise a
 * method outside HTTP's standard ones (any token is a valid method) counts as {@link #OTHER}, so
 * no client can grow the registry with made-up labels.
 */
public final class RequestMetricsHandler implements Handler<RoutingContext> {

  /** The route label of a request that no declared route matched (404, 405). */
  public static final String UNMATCHED = "unmatched";
  /** The method label of a request with a non-standard method. */
  public static final String OTHER = "OTHER";

  private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT",
      "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private final ServiceMetrics metrics;

  public RequestMetricsHandler(ServiceMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String name = ctx.request().method().name();
    String method = STANDARD_METHODS.contains(name) ? name : OTHER;
    ctx.addEndHandler(ended -> {
      String route = AccessRoutes.routeOf(ctx);
      metrics.request(method, route == null ? UNMATCHED : route,
          ctx.response().getStatusCode());
    });
    ctx.next();
  }
}
