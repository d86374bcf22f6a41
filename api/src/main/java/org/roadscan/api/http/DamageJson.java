package org.roadscan.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.roadscan.api.register.Damage;

/** The JSON members of a damage shared by the repair list and the GeoJSON export. */
final class DamageJson {

  private DamageJson() {
  }

  /** Members without the position (the caller places it as it needs). */
  static JsonObject properties(Damage d) {
    return new JsonObject()
        .put("id", d.id())
        .put("score", d.priorityScore())
        .put("grade", d.grade())
        .put("parts", d.priorityParts())
        .put("class", d.className())
        .put("status", d.status())
        .put("areaM2", d.areaM2())
        .put("lengthM", d.lengthM())
        .put("uncertaintyM", d.uncertaintyM())
        .put("observationCount", d.observationCount())
        .put("firstSeen", d.firstSeen().toString())
        .put("lastSeen", d.lastSeen().toString())
        .put("version", d.version());
  }

  /** {@code {"lon": …, "lat": …}}, WGS84 degrees. */
  static JsonObject position(Damage d) {
    return new JsonObject().put("lon", d.lonDeg()).put("lat", d.latDeg());
  }

  /** RFC 7946 Point geometry, coordinates [lon, lat]. */
  static JsonObject point(Damage d) {
    return new JsonObject().put("type", "Point")
        .put("coordinates", new JsonArray().add(d.lonDeg()).add(d.latDeg()));
  }
}
