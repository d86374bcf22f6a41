package org.roadscan.api.register;

import io.vertx.core.json.JsonObject;
import org.roadscan.detector.PixelBox;

/**
 * An observation as the register holds it.
 *
 * @param id register id
 * @param damageId the damage it merged into or created
 * @param className model class
 * @param confidence model score 0..1
 * @param box pixel box in the original image
 * @param lonDeg WGS84 longitude, degrees east
 * @param latDeg WGS84 latitude, degrees north
 * @param footprint GeoJSON Polygon (lon, lat), or null
 * @param areaM2 footprint area, square metres
 * @param uncertaintyM 1-sigma position uncertainty, metres
 * @param projection how it was placed ({@code NADIR}, {@code OBLIQUE}, {@code VEHICLE},
 *     {@code CAMERA_POSITION})
 * @param lengthM extent along the footprint's longer axis, metres; 0 when not measured
 */
public record StoredObservation(long id, long damageId, String className, double confidence,
    PixelBox box, double lonDeg, double latDeg, JsonObject footprint, double areaM2,
    double uncertaintyM, String projection, double lengthM) {
}
