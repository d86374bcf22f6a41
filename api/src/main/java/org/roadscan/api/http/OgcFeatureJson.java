package org.roadscan.api.http;

import io.vertx.core.json.JsonObject;
import org.roadscan.api.register.Damage;

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
