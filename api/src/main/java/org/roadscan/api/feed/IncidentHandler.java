package org.roadscan.api.feed;

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
 * "links": {"events", "cot", "geojson"}}}; 404 for an incident this process has not seen (see {@link
 * IncidentLog} for what is kept).
 */
public final class IncidentHandler implements Handler<RoutingContext> {

  private final IncidentLog incidents;

  public IncidentHandler(IncidentLog incidents) {
    this.incidents = incidents;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id;
    try {
      id = known(ctx, incidents);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    JsonArray frames = new JsonArray();
    long dropped = 0;
    for (IncidentLog.Event e : incidents.after(id, 0)) {
      if ("tags".equals(e.kind())) {
        frames.add(e.data());
      } else {
        dropped++;
      }
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("id", id).put("frames", frames).put("dropped", dropped)
            .put("links", new JsonObject().put("events", IncidentLog.url(id) + "/events")
                .put("cot", IncidentLog.url(id) + "/cot")
                .put("geojson", IncidentLog.url(id) + "/geojson"))
            .encode());
  }

  /** The path's incident id, checked; 404 when the log does not know it. */
  static String known(RoutingContext ctx, IncidentLog incidents) throws ProblemException {
    String id = ctx.pathParam("id");
    if (id == null || !IncidentLog.ID.matcher(id).matches() || !incidents.exists(id)) {
      throw new ProblemException(ProblemType.NOT_FOUND, "no incident '" + id + "' has sent"
          + " frames to this service since it started", "id");
    }
    return id;
  }

  /** The tags of an incident's frames, oldest first. */
  static List<JsonObject> frames(IncidentLog incidents, String id) {
    return incidents.after(id, 0).stream().filter(e -> "tags".equals(e.kind()))
        .map(IncidentLog.Event::data).toList();
  }
}
