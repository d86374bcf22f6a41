package org.roadscan.api.gis.ogc;

import io.vertx.core.json.JsonObject;
import org.roadscan.api.register.Damage;
import org.roadscan.api.register.DamageJson;

/** A damage as an OGC API / RFC 7946 Feature: Point geometry [lon, lat], integer id. */
final class OgcFeatureJson {

  private OgcFeatureJson() {
  }

  static JsonObject of(Damage damage) {
    return new JsonObject()
        .put("type", "Feature")
        .put("id", damage.id())
        .put("geometry", DamageJson.point(damage))
        .put("properties", DamageJson.properties(damage));
  }
}
