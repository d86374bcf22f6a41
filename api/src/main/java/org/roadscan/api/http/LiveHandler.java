package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health/live}: 200 {@code {"status":"UP"}} whenever the process answers HTTP, written
 * by the event loop itself, so an answer proves the loop is not stuck. It asks neither the
 * database nor the model: a database outage or a slow model load must not make Kubernetes restart
 * the pod (that is what {@code /health/ready} reports). Stateless, thread-safe.
 */
public final class LiveHandler implements Handler<RoutingContext> {

  private static final String BODY = "{\"status\":\"UP\"}";

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(BODY);
  }
}
