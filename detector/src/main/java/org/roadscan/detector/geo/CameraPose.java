package org.roadscan.detector.geo;

/**
 * Where a camera is and which way it looks. Immutable.
 *
 * <p>Angles follow DJI's gimbal convention, which is the aerospace yaw-pitch-roll (Z-Y-X) sequence
 * in north-east-down axes, applied to a camera whose optical axis is the "nose", image right the
 * "right wing" and image down the "belly":
 * <ul>
 *   <li>{@code yawDeg}: compass heading of the optical axis, degrees clockwise from true north
 *       (0 north, 90 east). For a camera looking straight down (pitch -90) the optical axis has no
 *       heading; there, yaw is the heading of the image's top edge: the top of the image points to
 *       {@code yawDeg} and its right edge to {@code yawDeg + 90}.
 *   <li>{@code pitchDeg}: elevation of the optical axis, 0 at the horizon, negative downwards,
 *       -90 straight down (nadir).
 *   <li>{@code rollDeg}: rotation about the optical axis, positive turning the image's right side
 *       downwards (clockwise as seen from behind the camera); 0 for a levelled gimbal.
 * </ul>
 *
 * @param lonDeg camera longitude, degrees east
 * @param latDeg camera latitude, degrees north
 * @param heightAboveGroundM height of the camera above the (flat) ground, metres, positive
 * @param yawDeg heading, degrees clockwise from north
 * @param pitchDeg elevation, degrees, -90 = nadir
 * @param rollDeg roll about the optical axis, degrees
 */
public record CameraPose(double lonDeg, double latDeg, double heightAboveGroundM, double yawDeg,
    double pitchDeg, double rollDeg) {

  public CameraPose {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg > -90 && latDeg < 90)) {
      throw new IllegalArgumentException("position out of range: lon " + lonDeg + ", lat " + latDeg);
    }
    if (!(heightAboveGroundM > 0) || !Double.isFinite(heightAboveGroundM)) {
      throw new IllegalArgumentException("heightAboveGroundM must be positive: " + heightAboveGroundM);
    }
    if (!Double.isFinite(yawDeg) || !Double.isFinite(pitchDeg) || !Double.isFinite(rollDeg)) {
      throw new IllegalArgumentException("angles must be finite: yaw " + yawDeg + ", pitch "
          + pitchDeg + ", roll " + rollDeg);
    }
  }

  /** The camera's position (the point on the ground straight below it). */
  public GeoPoint position() {
    return new GeoPoint(lonDeg, latDeg);
  }
}
