package org.roadscan.api.register;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A damage as the register holds it.
 *
 * @param id register id
 * @param className model class, e.g. {@code D40}
 * @param status workflow status, a {@link DamageStatus#value()} ({@code new} until someone acts on
 *     it)
 * @param lonDeg WGS84 longitude of the merged position, degrees east
 * @param latDeg WGS84 latitude of the merged position, degrees north
 * @param uncertaintyM 1-sigma uncertainty of the merged position, metres
 * @param areaM2 largest observed footprint area, square metres
 * @param footprint GeoJSON Polygon (lon, lat) of that footprint, or null
 * @param observationCount observations merged into it
 * @param firstSeen earliest capture time
 * @param lastSeen latest capture time
 * @param priorityScore repair priority, higher first
 * @param priorityParts what the score was computed from
 * @param version incremented by every change
 * @param grade condition grade 1.0 (very good) .. 5.0 (very poor), see
 *     {@link org.roadscan.api.priority.ConditionGrade}
 * @param possiblyRepaired a later survey covered its spot without seeing it (it stays in the
 *     register; someone should look)
 * @param implausible why the register doubts it, as {@code [{"reason", "detail"}, …]}; empty when
 *     plausible ({@link org.roadscan.api.priority.PlausibilityCheck})
 * @param lengthM largest observed extent along the footprint's longer axis, metres (crack length,
 *     pothole size); 0 when never measured
 */
public record Damage(long id, String className, String status, double lonDeg, double latDeg,
    double uncertaintyM, double areaM2, JsonObject footprint, int observationCount,
    Instant firstSeen, Instant lastSeen, double priorityScore, JsonObject priorityParts,
    int version, double lengthM, double grade, boolean possiblyRepaired, JsonArray implausible) {
}
