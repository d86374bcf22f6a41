package org.roadscan.detector.geo;

/**
 * One-sigma errors of a camera pose, used to estimate how far a projected position may be off.
 * Immutable.
 *
 * @param gpsHorizontalM horizontal GNSS error, metres, used when the capture has no
 *     {@code GPSHPositioningError}
 * @param heightM error of the camera's height above ground, metres
 * @param angleDeg error of the camera's pointing (gimbal angles), degrees
 */
public record PoseUncertainty(double gpsHorizontalM, double heightM, double angleDeg) {

  /**
   * Defaults for consumer drones: 5 m for a plain (non-RTK) GNSS receiver, 1 m for the barometric
   * height above take-off, 2° for gimbal angles and compass heading.
   */
  public static final PoseUncertainty DEFAULTS = new PoseUncertainty(5, 1, 2);

  public PoseUncertainty {
    if (!(gpsHorizontalM > 0) || !(heightM >= 0) || !(angleDeg >= 0)
        || !Double.isFinite(gpsHorizontalM) || !Double.isFinite(heightM) || !(angleDeg < 90)) {
      throw new IllegalArgumentException("invalid pose uncertainty: gps " + gpsHorizontalM
          + " m, height " + heightM + " m, angle " + angleDeg + " deg");
    }
  }
}
