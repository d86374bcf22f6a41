package org.roadscan.api.metrics;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: every meter of {@link ServiceMetrics} in the Prometheus text format. The
 * scrape formats numbers held in memory (gauges are cached by {@link PgMetricsPoller}), so it runs
 * on the event loop.
 */
public final class MetricsHandler implements Handler<RoutingContext> {

  /** The Prometheus text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ServiceMetrics metrics;

  public MetricsHandler(ServiceMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(metrics.scrape());
  }
}
