package org.roadscan.api.feed;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.problem.ProblemException;

/**
 * {@code GET /v1/incidents/{id}/geojson}: the incident's tags and frame footprints as GeoJSON
 * ({@link IncidentGeoJson}, {@code application/geo+json}); 404 for an incident this process has
 * not seen.
 */
public final class IncidentGeoJsonHandler implements Handler<RoutingContext> {

  private final IncidentLog incidents;

  public IncidentGeoJsonHandler(IncidentLog incidents) {
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
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/geo+json")
        .end(IncidentGeoJson.of(id, IncidentHandler.frames(incidents, id)).encode());
  }
}
