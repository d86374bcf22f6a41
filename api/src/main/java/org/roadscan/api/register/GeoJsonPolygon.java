package org.roadscan.api.register;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes a JTS polygon whose coordinates are WGS84 (x = lon, y = lat) as an RFC 7946 GeoJSON
 * Polygon: positions {@code [lon, lat]}, exterior ring counter-clockwise and holes clockwise (the
 * right-hand rule of RFC 7946 §3.1.6), rings closed. Stateless.
 */
public final class GeoJsonPolygon {

  private GeoJsonPolygon() {
  }

  /** The GeoJSON object, or null for a null or empty polygon. */
  public static JsonObject of(Polygon polygon) {
    if (polygon == null || polygon.isEmpty()) {
      return null;
    }
    JsonArray rings = new JsonArray().add(ring(polygon.getExteriorRing(), true));
    for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
      rings.add(ring(polygon.getInteriorRingN(i), false));
    }
    return new JsonObject().put("type", "Polygon").put("coordinates", rings);
  }

  /**
   * The GeoJSON object of the polygon translated by {@code dLonDeg}, {@code dLatDeg} (degrees; for
   * the metres a footprint moves, the shape is kept to well under a millimetre), or null for a
   * null or empty polygon.
   */
  public static JsonObject of(Polygon polygon, double dLonDeg, double dLatDeg) {
    if (polygon == null || polygon.isEmpty()) {
      return null;
    }
    Polygon moved = (Polygon) polygon.copy();
    moved.apply(new CoordinateFilter() {
      @Override
      public void filter(Coordinate c) {
        c.x += dLonDeg;
        c.y += dLatDeg;
      }
    });
    moved.geometryChanged();
    return of(moved);
  }

  private static JsonArray ring(LinearRing ring, boolean counterClockwise) {
    Coordinate[] coordinates = ring.getCoordinates();
    boolean reverse = coordinates.length >= 4 && Orientation.isCCW(coordinates) != counterClockwise;
    JsonArray positions = new JsonArray();
    for (int i = 0; i < coordinates.length; i++) {
      Coordinate c = coordinates[reverse ? coordinates.length - 1 - i : i];
      positions.add(new JsonArray().add(c.x).add(c.y));
    }
    return positions;
  }
}
