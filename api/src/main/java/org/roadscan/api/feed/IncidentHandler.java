package org.roadscan.api.feed;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /v1/incidents/{id}}: the incident's frames and tags so far, oldest first, and how
 * many of its frames were dropped: {@code {"id", "frames": [FeedTagsJson…], "dropped",
 * "links": {"events", "cot", "geojson"}}}; 404 for an incident never fed (see {@link IncidentLog} for
 * what is kept).
 */
public final class IncidentHandler implements Handler<RoutingContext> {

  private final IncidentLog incidents;

  public IncidentHandler(IncidentLog incidents) {
    this.incidents = incidents;
  }

  @Override
  public void handle(RoutingContext ctx) {
    known(ctx, incidents).compose(id -> incidents.after(id, 0).map(events -> {
      JsonArray frames = new JsonArray();
      long dropped = 0;
      for (IncidentLog.Event e : events) {
        if ("tags".equals(e.kind())) {
          frames.add(e.data());
        } else {
          dropped++;
        }
      }
      return new JsonObject().put("id", id).put("frames", frames).put("dropped", dropped)
          .put("links", new JsonObject().put("events", IncidentLog.url(id) + "/events")
              .put("cot", IncidentLog.url(id) + "/cot")
              .put("geojson", IncidentLog.url(id) + "/geojson"));
    })).onSuccess(incident -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(incident.encode())).onFailure(ctx::fail);
  }

  /** The path's incident id, checked; failed with 404 when the log does not know it. */
  static Future<String> known(RoutingContext ctx, IncidentLog incidents) {
    String id = ctx.pathParam("id");
    Future<Boolean> exists = id == null || !IncidentLog.ID.matcher(id).matches()
        ? Future.succeededFuture(false) : incidents.exists(id);
    return exists.compose(found -> found ? Future.succeededFuture(id)
        : Future.failedFuture(new ProblemException(ProblemType.NOT_FOUND, "no incident '" + id
            + "' has sent frames to this service", "id")));
  }

  /** The tags of an incident's frames, oldest first. */
  static Future<List<JsonObject>> frames(IncidentLog incidents, String id) {
    return incidents.after(id, 0).map(events -> events.stream()
        .filter(e -> "tags".equals(e.kind())).map(IncidentLog.Event::data).toList());
  }
}
