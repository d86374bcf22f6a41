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
 * @param uncertaintyM horizontal position uncertainty (about one standard deviation), metres
 * @param projection how the position was obtained
 */
public record Observation(Detection detection, double lonDeg, double latDeg, Polygon footprint,
    double areaM2, double uncertaintyM, Projection projection) {

  /** How an observation was placed on the ground. */
  public enum Projection {
    /** Pinhole projection of a nadir drone photo onto flat ground. */
    NADIR,
    /** No usable camera pose: placed at the camera position with a large uncertainty. */
    CAMERA_POSITION
  }

  public Observation {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg >= -90 && latDeg <= 90)) {
      throw new IllegalArgumentException("position out of range: lon " + lonDeg + ", lat " + latDeg);
    }
    if (!(uncertaintyM > 0) || !(areaM2 >= 0)) {
      throw new IllegalArgumentException("uncertaintyM must be > 0 and areaM2 >= 0");
    }
  }
}
