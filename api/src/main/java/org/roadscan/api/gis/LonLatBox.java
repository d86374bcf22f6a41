package org.roadscan.api.gis;

/**
 * A WGS84 (CRS84) bounding box in degrees, axis order lon, lat. {@code minLonDeg > maxLonDeg}
 * means the box crosses the antimeridian (as OGC API – Features and RFC 7946 allow); latitudes
 * must be ordered.
 *
 * @param minLonDeg western edge, degrees east (-180..180)
 * @param minLatDeg southern edge, degrees north (-90..90)
 * @param maxLonDeg eastern edge, degrees east (-180..180)
 * @param maxLatDeg northern edge, degrees north (-90..90), at least {@code minLatDeg}
 */
public record LonLatBox(double minLonDeg, double minLatDeg, double maxLonDeg, double maxLatDeg) {

  public LonLatBox {
    if (!(minLonDeg >= -180 && minLonDeg <= 180 && maxLonDeg >= -180 && maxLonDeg <= 180)) {
      throw new IllegalArgumentException("longitudes must be within -180..180");
    }
    if (!(minLatDeg >= -90 && minLatDeg <= 90 && maxLatDeg >= -90 && maxLatDeg <= 90)) {
      throw new IllegalArgumentException("latitudes must be within -90..90");
    }
    if (minLatDeg > maxLatDeg) {
      throw new IllegalArgumentException("the minimum latitude exceeds the maximum latitude");
    }
  }

  /** Whether the box crosses the antimeridian (its western edge lies east of its eastern edge). */
  public boolean crossesAntimeridian() {
    return minLonDeg > maxLonDeg;
  }
}
