package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.register.Damage;
import org.roadscan.api.register.PgRepairList;

/**
 * {@code GET /v1/damages.geojson}: every damage as an RFC 7946 FeatureCollection
 * ({@code application/geo+json}), in repair order. The geometry is a Point at the damage's merged
 * position [lon, lat]: it exists for every damage (camera-position observations have no usable
 * footprint) and is the position the register merges and ranks on. The footprint polygon is in the
 * observations of {@code /v1/jobs/{id}}. Properties are those of the repair list.
 */
public final class DamagesGeoJsonHandler implements Handler<RoutingContext> {

  public static final String MEDIA_TYPE = "application/geo+json";

  private final PgRepairList repairs;

  public DamagesGeoJsonHandler(PgRepairList repairs) {
    this.repairs = repairs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    repairs.all()
        .onSuccess(damages -> {
          JsonArray features = new JsonArray();
          for (Damage damage : damages) {
            features.add(new JsonObject()
                .put("type", "Feature")
                .put("id", damage.id())
                .put("geometry", DamageJson.point(damage))
                .put("properties", DamageJson.properties(damage)));
          }
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
              .end(new JsonObject().put("type", "FeatureCollection").put("features", features)
                  .encode());
        })
        .onFailure(ctx::fail);
  }
}
