package org.roadscan.api.feed;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.roadscan.api.priority.MapLayer;
import org.roadscan.api.register.GeoJsonPolygon;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.DamageClass;
import org.roadscan.detector.Observation;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * The JSON of a frame's tags, as {@code POST /v1/feed/frames} answers it, the WebSocket sends it
 * and the incident keeps it:
 *
 * <pre>
 * {"frameId": 17, "incident": "B-0042", "receivedAt": "…", "takenAt": "…",
 *  "camera": {"lon": 7.0986, "lat": 51.5136},
 *  "projection": "OBLIQUE", "basis": "…",
 *  "coverage": {GeoJSON Polygon of the frame's ground footprint, or null},
 *  "tags": [{"class": "D40", "name": "Pothole", "confidence": 0.71,
 *            "position": {"lon": …, "lat": …}, "footprint": {GeoJSON Polygon},
 *            "areaM2": 0.8, "lengthM": 1.2, "uncertaintyM": 2.4}],
 *  "unplaced": 0,
 *  "passability": {"hint": "caution", "scope": "frame", …, "basis": "…",
 *                  "stretches": [{"name", "highway", "hint", "potholes", …}] (road layer only)},
 *  "timing": {"waitedMs": 0, "analysedMs": 310, "anonymisedMs": 120},
 *  "dropped": 0,
 *  "links": {"self": "/v1/incidents/B-0042/frames/17", "cot": "…?format=cot"}}
 * </pre>
 * WGS84, positions and polygons in (lon, lat) order; {@code uncertaintyM} about one standard
 * deviation, metres; {@code dropped}: frames of the same stream dropped so far. Stateless.
 */
public final class FeedTagsJson {

  private FeedTagsJson() {
  }

  /** The tags without a road layer (passability per frame only). */
  public static JsonObject of(FeedResult result) {
    return of(result, null);
  }

  /** The tags; with {@code roads}, passability also per road with potholes in the frame. */
  public static JsonObject of(FeedResult result, MapLayer roads) {
    CaptureAnalysis a = result.analysis();
    CaptureMetadata m = a.metadata();
    JsonArray tags = new JsonArray();
    for (Observation o : a.observations()) {
      String code = o.detection().className();
      tags.add(new JsonObject()
          .put("class", code)
          .put("name", DamageClass.of(code).map(DamageClass::description).orElse(code))
          .put("confidence", Math.round(o.detection().confidence() * 1000) / 1000.0)
          .put("position", new JsonObject().put("lon", o.lonDeg()).put("lat", o.latDeg()))
          .put("footprint", GeoJsonPolygon.of(o.footprint()))
          .put("areaM2", round(o.areaM2()))
          .put("lengthM", round(o.lengthM()))
          .put("uncertaintyM", round(o.uncertaintyM())));
    }
    String incident = result.frame().incident();
    JsonObject links = new JsonObject();
    if (incident != null) {
      String self = IncidentLog.frameUrl(incident, result.frameId());
      links.put("self", self).put("cot", self + "?format=cot")
          .put("incident", IncidentLog.url(incident));
    }
    return new JsonObject()
        .put("frameId", result.frameId())
        .put("incident", incident)
        .put("receivedAt", result.frame().receivedAt().toString())
        .put("takenAt", m.takenAt() == null ? null : m.takenAt().toString())
        .put("camera", new JsonObject().put("lon", m.lonDeg()).put("lat", m.latDeg()))
        .put("projection", a.projection().name())
        .put("basis", a.basis())
        .put("coverage", GeoJsonPolygon.of(a.coverage()))
        .put("tags", tags)
        .put("unplaced", a.unplaced().size())
        .put("passability", Passability.of(a.observations()).toJson(roads,
            Passability.byRoad(a.observations(), roads)))
        .put("timing", new JsonObject().put("waitedMs", result.waitedMs())
            .put("analysedMs", result.analysedMs())
            .put("anonymisedMs", result.anonymisedMs()))
        .put("dropped", result.dropped())
        .put("links", links);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
