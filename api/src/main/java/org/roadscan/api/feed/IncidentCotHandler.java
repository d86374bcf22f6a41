package org.roadscan.api.feed;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.problem.ProblemException;

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
    String id;
    try {
      id = IncidentHandler.known(ctx, incidents);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CotXml.MEDIA_TYPE)
        .end(CotXml.events(IncidentHandler.frames(incidents, id), FeedFrameHandler.baseUrl(ctx)));
  }
}
