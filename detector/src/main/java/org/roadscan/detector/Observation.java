package org.roadscan.detector;

import org.locationtech.jts.geom.Polygon;

/**
 * A georeferenced damage observation: one detection projected onto the ground.
 *
 * @param detection what the model found, in pixels
 * @param lonDeg WGS84 longitude of the footprint centre, degrees east
 * @param latDeg WGS84 latitude of the footprint centre, degrees north
 * @param footprint the projected box as a WGS84 polygon, coordinates in (lon, lat) order
 * @param areaM2 footprint area in square metres (0 when the damage could not be projected)
 * @param lengthM extent of the footprint along its longer axis, metres: for a crack the estimate
 *     of its length, for a pothole its largest dimension (0 when the damage could not be projected)
 * @param uncertaintyM horizontal position uncertainty (about one standard deviation), metres
 * @param projection how the position was obtained
 */
public record Observation(Detection detection, double lonDeg, double latDeg, Polygon footprint,
    double areaM2, double lengthM, double uncertaintyM, Projection projection) {

  /** How an observation was placed on the ground. */
  public enum Projection {
    /** A drone photo looking within 10° of straight down, projected onto the ground. */
    NADIR,
    /** A drone photo looking obliquely down, projected onto the ground. */
    OBLIQUE,
    /** A vehicle camera with a mounting profile, projected onto the road. */
    VEHICLE,
    /** No usable camera pose: placed at the camera position with a large uncertainty. */
    CAMERA_POSITION
  }

  public Observation {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg >= -90 && latDeg <= 90)) {
      throw new IllegalArgumentException("position out of range: lon " + lonDeg + ", lat " + latDeg);
    }
    if (!(uncertaintyM > 0) || !(areaM2 >= 0) || !(lengthM >= 0)) {
      throw new IllegalArgumentException("uncertaintyM must be > 0, areaM2 and lengthM >= 0");
    }
  }

  /** An observation with {@code lengthM} 0 (not measured). */
  public Observation(Detection detection, double lonDeg, double latDeg, Polygon footprint,
      double areaM2, double uncertaintyM, Projection projection) {
    this(detection, lonDeg, latDeg, footprint, areaM2, 0, uncertaintyM, projection);
  }
}
