package org.roadscan.api.gis.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.roadscan.api.register.Damage;
import org.roadscan.api.register.DamageStatus;
import org.roadscan.detector.DamageClass;

/**
 * Open311 GeoReport v2 JSON: the service list (one service per damage class) and a damage as a
 * service request. Timestamps ISO 8601 UTC; {@code lat}/{@code long} WGS84 degrees.
 */
final class Open311Json {

  /** Damage classes by service code, with plain-English names ({@link DamageClass}). */
  static final Map<String, String> SERVICE_NAMES = services();

  private Open311Json() {
  }

  private static Map<String, String> services() {
    Map<String, String> names = new LinkedHashMap<>();
    DamageClass.bySeverity().forEach(c -> names.put(c.code(), c.description()));
    return java.util.Collections.unmodifiableMap(names);
  }

  static String serviceName(String className) {
    return SERVICE_NAMES.getOrDefault(className, "Road damage " + className);
  }

  static JsonObject service(String code) {
    String name = serviceName(code);
    return new JsonObject()
        .put("service_code", code)
        .put("service_name", name)
        .put("description", name + " in the road surface (RDD2022 class " + code
            + "), found in survey images and kept in the RoadScan damage register.")
        .put("metadata", false)
        .put("type", "realtime")
        .put("keywords", "road, damage, " + name.toLowerCase(Locale.ROOT) + ", " + code)
        .put("group", "road damage");
  }

  static JsonObject request(Damage d) {
    boolean closed = DamageStatus.closedValues().contains(d.status());
    return new JsonObject()
        .put("service_request_id", Long.toString(d.id()))
        .put("status", closed ? "closed" : "open")
        .put("status_notes", "register status: " + d.status())
        .put("service_name", serviceName(d.className()))
        .put("service_code", d.className())
        .put("description", String.format(Locale.ROOT,
            "%s (%s): area %.2f m², length %.2f m, seen %d time(s), priority %.1f of 100,"
                + " condition grade %.1f (1 very good .. 5 very poor)",
            serviceName(d.className()), d.className(), d.areaM2(), d.lengthM(),
            d.observationCount(), d.priorityScore(), d.grade()))
        .put("agency_responsible", null)
        .put("service_notice", null)
        .put("requested_datetime", d.firstSeen().toString())
        .put("updated_datetime", d.lastSeen().toString())
        .put("expected_datetime", null)
        .put("address", null)
        .put("address_id", null)
        .put("zipcode", null)
        .put("lat", d.latDeg())
        .put("long", d.lonDeg())
        .put("media_url", null);
  }

  static JsonArray requests(Iterable<Damage> damages) {
    JsonArray array = new JsonArray();
    damages.forEach(d -> array.add(request(d)));
    return array;
  }
}
