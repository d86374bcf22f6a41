package org.roadscan.api.feed;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/incidents/{id}/geojson}: the incident's tags and frame footprints as GeoJSON
 * ({@link IncidentGeoJson}, {@code application/geo+json}); 404 for an incident never fed.
 */
public final class IncidentGeoJsonHandler implements Handler<RoutingContext> {

  private final IncidentLog incidents;

  public IncidentGeoJsonHandler(IncidentLog incidents) {
    this.incidents = incidents;
  }

  @Override
  public void handle(RoutingContext ctx) {
    IncidentHandler.known(ctx, incidents)
        .compose(id -> IncidentHandler.frames(incidents, id)
            .map(frames -> IncidentGeoJson.of(id, frames)))
        .onSuccess(geoJson -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/geo+json").end(geoJson.encode()))
        .onFailure(ctx::fail);
  }
}
