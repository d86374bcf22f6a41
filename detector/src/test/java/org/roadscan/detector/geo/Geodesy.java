package org.roadscan.detector.geo;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;

/** Test helper: distance and bearing between WGS84 positions, from GeographicLib. */
final class Geodesy {
  private Geodesy() {
  }

  /** Geodesic distance, metres. */
  static double distanceM(GeoPoint from, GeoPoint to) {
    return inverse(from, to).s12;
  }

  /** Initial bearing from {@code from} to {@code to}, degrees clockwise from north, -180..180. */
  static double bearingDeg(GeoPoint from, GeoPoint to) {
    return inverse(from, to).azi1;
  }

  /** Metres (east, north) of {@code to} as seen from {@code from}. */
  static double[] eastNorthM(GeoPoint from, GeoPoint to) {
    GeodesicData g = inverse(from, to);
    double azimuthRad = Math.toRadians(g.azi1);
    return new double[] {g.s12 * Math.sin(azimuthRad), g.s12 * Math.cos(azimuthRad)};
  }

  private static GeodesicData inverse(GeoPoint from, GeoPoint to) {
    return Geodesic.WGS84.Inverse(from.latDeg(), from.lonDeg(), to.latDeg(), to.lonDeg());
  }
}
