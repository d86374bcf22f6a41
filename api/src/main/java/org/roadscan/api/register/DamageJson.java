package org.roadscan.api.register;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/** The JSON members of a damage shared by the repair list, the GeoJSON export and its page. */
public final class DamageJson {

  private DamageJson() {
  }

  /** Members without the position (the caller places it as it needs). */
  public static JsonObject properties(Damage d) {
    return new JsonObject()
        .put("id", d.id())
        .put("score", d.priorityScore())
        .put("grade", d.grade())
        .put("possiblyRepaired", d.possiblyRepaired())
        .put("implausible", d.implausible())
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
  public static JsonObject position(Damage d) {
    return new JsonObject().put("lon", d.lonDeg()).put("lat", d.latDeg());
  }

  /** RFC 7946 Point geometry, coordinates [lon, lat]. */
  public static JsonObject point(Damage d) {
    return new JsonObject().put("type", "Point")
        .put("coordinates", new JsonArray().add(d.lonDeg()).add(d.latDeg()));
  }

  /** The strong entity tag of a damage's representation: its quoted version, e.g. {@code "3"}. */
  public static String etag(Damage d) {
    return "\"" + d.version() + "\"";
  }

  /** Where the excerpt around an observation's box is served ({@link ObservationImageHandler}). */
  public static String observationImage(long observationId) {
    return "/v1/observations/" + observationId + "/image";
  }

  /** Where the whole frame of an observation, its box drawn, is served. */
  public static String observationFrame(long observationId) {
    return observationImage(observationId) + "?view=frame";
  }

  /**
   * The damage page: the repair list's members, position, footprint, the possibly-repaired flag,
   * the observations by capture time (each with its picture's URLs, {@code image} and {@code
   * frame}, and its box {@code boxPx} [x0, y0, x1, y1] in px of the full-size capture) and the
   * growth.
   */
  public static JsonObject detail(DamageDetail detail) {
    Damage d = detail.damage();
    JsonArray observations = new JsonArray();
    for (DamageObservation o : detail.observations()) {
      observations.add(new JsonObject()
          .put("id", o.id())
          .put("captureId", o.captureId())
          .put("seenAt", o.seenAt().toString())
          .put("class", o.className())
          .put("confidence", o.confidence())
          .put("areaM2", o.areaM2())
          .put("lengthM", o.lengthM())
          .put("uncertaintyM", o.uncertaintyM())
          .put("projection", o.projection())
          .put("image", observationImage(o.id()))
          .put("frame", observationFrame(o.id()))
          .put("privacy", o.privacy())
          .put("boxPx", new JsonArray().add(o.box().x0()).add(o.box().y0()).add(o.box().x1())
              .add(o.box().y1())));
    }
    Growth g = detail.growth();
    return properties(d)
        .put("position", position(d))
        .put("footprint", d.footprint())
        .put("possiblyRepaired", detail.possiblyRepaired())
        .put("possiblyRepairedSince", detail.possiblyRepairedSince() == null ? null
            : detail.possiblyRepairedSince().toString())
        .put("observations", observations)
        .put("growth", new JsonObject()
            .put("firstAreaM2", g.firstAreaM2())
            .put("lastAreaM2", g.lastAreaM2())
            .put("areaChangeM2", g.areaChangeM2())
            .put("areaChangePerMonthM2", g.areaChangePerMonthM2()));
  }

  public static JsonObject event(DamageEvent e) {
    return new JsonObject()
        .put("id", e.id())
        .put("at", e.at().toString())
        .put("kind", e.kind())
        .put("actor", e.actor())
        .put("detail", e.detail());
  }

  /**
   * The damage id of a path parameter.
   *
   * @throws ProblemException 404 naming {@code id} when it is not a positive integer (no damage
   *     can have it)
   */
  public static long id(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through to the 404 below
    }
    throw new ProblemException(ProblemType.NOT_FOUND, "no damage " + text, "id");
  }
}
