package org.roadscan.detector.geo;

/**
 * A point in a {@link LocalFrame}: metres east, north and up from the frame's origin. Immutable.
 *
 * @param eastM metres east of the origin
 * @param northM metres north of the origin
 * @param upM metres above the origin's level (the ground plane when the origin is on the ground)
 */
public record EnuPoint(double eastM, double northM, double upM) {
  public EnuPoint {
    if (!Double.isFinite(eastM) || !Double.isFinite(northM) || !Double.isFinite(upM)) {
      throw new IllegalArgumentException("not finite: " + eastM + ", " + northM + ", " + upM);
    }
  }

  /** Horizontal distance from the frame's origin, metres. */
  public double horizontalDistanceM() {
    return Math.hypot(eastM, northM);
  }
}
