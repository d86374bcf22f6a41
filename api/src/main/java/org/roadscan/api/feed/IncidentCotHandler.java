package org.roadscan.api.feed;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/incidents/{id}/cot}: every tag of the incident so far as Cursor-on-Target 2.0
 * events ({@link CotXml}), {@code application/xml}.
 */
public final class IncidentCotHandler implements Handler<RoutingContext> {

  private final IncidentLog incidents;

  public IncidentCotHandler(IncidentLog incidents) {
    this.incidents = incidents;
  }

  @Override
  public void handle(RoutingContext ctx) {
    IncidentHandler.known(ctx, incidents)
        .compose(id -> IncidentHandler.frames(incidents, id))
        .onSuccess(frames -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CotXml.MEDIA_TYPE)
            .end(CotXml.events(frames, FeedFrameHandler.baseUrl(ctx))))
        .onFailure(ctx::fail);
  }
}
