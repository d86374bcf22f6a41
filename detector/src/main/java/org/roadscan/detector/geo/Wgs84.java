package org.roadscan.detector.geo;

import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The one place WGS84 geometries are made and distances measured. Every geometry has SRID 4326, floating precision, and
 * coordinates in (x = longitude, y = latitude) order, as GeoJSON (RFC 7946) and WKT expect.
 * Thread-safe (the factory is immutable).
 */
public final class Wgs84 {

  /** EPSG code of WGS84 geographic coordinates. */
  public static final int SRID = 4326;

  /** Factory for every WGS84 geometry: floating precision, SRID 4326, (lon, lat) coordinates. */
  public static final GeometryFactory GEOMETRY_FACTORY =
      new GeometryFactory(new PrecisionModel(), SRID);

  private Wgs84() {
  }

  /**
   * A polygon through the given vertices, closed here (do not repeat the first vertex), exterior
   * ring in the order given.
   *
   * @param vertices at least three positions
   */
  public static Polygon polygon(List<GeoPoint> vertices) {
    if (vertices.size() < 3) {
      throw new IllegalArgumentException("a polygon needs at least 3 vertices: " + vertices.size());
    }
    Coordinate[] ring = new Coordinate[vertices.size() + 1];
    for (int i = 0; i < vertices.size(); i++) {
      ring[i] = new Coordinate(vertices.get(i).lonDeg(), vertices.get(i).latDeg());
    }
    ring[vertices.size()] = ring[0].copy();
    return GEOMETRY_FACTORY.createPolygon(ring);
  }

  /**
   * The geodesic distance between two positions on the WGS84 ellipsoid (GeographicLib, accurate
   * to nanometres), metres: the one distance function of RoadScan (the georeferencing's local
   * frames and the register's merge rule both measure with it). Arguments in (lon, lat) order,
   * degrees; symmetric; 0 for equal positions; NaN when a latitude is outside -90..90.
   */
  public static double distanceM(double lon1Deg, double lat1Deg, double lon2Deg, double lat2Deg) {
    return Geodesic.WGS84.Inverse(lat1Deg, lon1Deg, lat2Deg, lon2Deg, GeodesicMask.DISTANCE).s12;
  }
}
