package org.roadscan.detector.geo;

/**
 * A WGS84 position, longitude first. Immutable.
 *
 * @param lonDeg longitude, degrees east, -180..180
 * @param latDeg latitude, degrees north, -90..90
 */
public record GeoPoint(double lonDeg, double latDeg) {
  public GeoPoint {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg >= -90 && latDeg <= 90)) {
      throw new IllegalArgumentException("position out of range: lon " + lonDeg + ", lat " + latDeg);
    }
  }
}
