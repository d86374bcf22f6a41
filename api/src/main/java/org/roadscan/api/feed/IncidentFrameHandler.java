package org.roadscan.api.feed;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /v1/incidents/{id}/frames/{frameId}}: one frame's tags ({@link FeedTagsJson}), or as
 * Cursor-on-Target with {@code ?format=cot} / {@code Accept: application/xml}. The CoT events
 * link here.
 */
public final class IncidentFrameHandler implements Handler<RoutingContext> {

  private final IncidentLog incidents;

  public IncidentFrameHandler(IncidentLog incidents) {
    this.incidents = incidents;
  }

  @Override
  public void handle(RoutingContext ctx) {
    IncidentHandler.known(ctx, incidents).compose(id -> {
      long frameId;
      try {
        frameId = Long.parseLong(ctx.pathParam("frameId"));
      } catch (NumberFormatException e) {
        return Future.failedFuture(new ProblemException(ProblemType.NOT_FOUND,
            "frame ids are numbers", "frameId"));
      }
      return incidents.frame(id, frameId).compose(frame -> frame.isPresent()
          ? Future.succeededFuture(frame.get())
          : Future.failedFuture(new ProblemException(ProblemType.NOT_FOUND, "incident " + id
              + " has no frame " + frameId + " (or it is older than the last "
              + IncidentLog.MAX_EVENTS + " events)", "frameId")));
    }).onSuccess(frame -> {
      if (FeedFrameHandler.wantsCot(ctx)) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CotXml.MEDIA_TYPE)
            .end(CotXml.events(List.of(frame), FeedFrameHandler.baseUrl(ctx)));
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(frame.encode());
      }
    }).onFailure(ctx::fail);
  }
}
