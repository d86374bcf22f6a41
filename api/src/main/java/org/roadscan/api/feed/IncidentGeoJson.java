package org.roadscan.api.feed;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An incident's tags as an RFC 7946 GeoJSON FeatureCollection, for a live map or a GIS: one
 * {@code Point} feature per tag (properties: {@code kind} "tag", class, name, confidence,
 * uncertaintyM, areaM2, lengthM, frameId, takenAt, receivedAt, the frame's passability hint and a
 * link to the frame) and one {@code Polygon} feature per frame's ground footprint ({@code kind}
 * "frame", when the frame's footprint is known), oldest first. Built from the tag JSON the
 * incident keeps ({@link FeedTagsJson}). Stateless.
 */
public final class IncidentGeoJson {

  private IncidentGeoJson() {
  }

  public static JsonObject of(String incident, List<JsonObject> frames) {
    JsonArray features = new JsonArray();
    for (JsonObject frame : frames) {
      JsonObject links = frame.getJsonObject("links", new JsonObject());
      String hint = frame.getJsonObject("passability", new JsonObject()).getString("hint");
      JsonObject coverage = frame.getJsonObject("coverage");
      if (coverage != null) {
        features.add(feature(coverage, new JsonObject().put("kind", "frame")
            .put("frameId", frame.getLong("frameId")).put("takenAt", frame.getString("takenAt"))
            .put("receivedAt", frame.getString("receivedAt")).put("passability", hint)
            .put("tags", frame.getJsonArray("tags", new JsonArray()).size())
            .put("link", links.getString("self"))));
      }
      for (Object t : frame.getJsonArray("tags", new JsonArray())) {
        JsonObject tag = (JsonObject) t;
        JsonObject position = tag.getJsonObject("position");
        JsonObject point = new JsonObject().put("type", "Point").put("coordinates",
            new JsonArray().add(position.getDouble("lon")).add(position.getDouble("lat")));
        features.add(feature(point, new JsonObject().put("kind", "tag")
            .put("class", tag.getString("class")).put("name", tag.getString("name"))
            .put("confidence", tag.getDouble("confidence"))
            .put("uncertaintyM", tag.getDouble("uncertaintyM"))
            .put("areaM2", tag.getDouble("areaM2")).put("lengthM", tag.getDouble("lengthM"))
            .put("frameId", frame.getLong("frameId")).put("takenAt", frame.getString("takenAt"))
            .put("receivedAt", frame.getString("receivedAt")).put("passability", hint)
            .put("link", links.getString("self"))));
      }
    }
    return new JsonObject().put("type", "FeatureCollection").put("name", "incident " + incident)
        .put("features", features);
  }

  private static JsonObject feature(JsonObject geometry, JsonObject properties) {
    return new JsonObject().put("type", "Feature").put("geometry", geometry)
        .put("properties", properties);
  }
}
