package org.roadscan.detector.geo;

/**
 * How a camera is mounted on a vehicle (dashcam, phone on the windscreen), for captures that carry
 * no camera pose of their own. Angles as in {@link CameraPose}, relative to the level vehicle and
 * to the image as displayed (after EXIF Orientation): {@code pitchDeg} 0 = looking at the horizon,
 * negative = down; {@code rollDeg} positive = image's right side down. The camera's heading is the
 * image's own {@code GPSImgDirection} when present, otherwise the driving direction from the track
 * plus {@code yawOffsetDeg}. Immutable.
 *
 * @param heightM height of the lens above the road, metres (0 &lt; h ≤ 10)
 * @param pitchDeg pitch of the optical axis, degrees, -90 ≤ pitch &lt; 0
 * @param rollDeg roll about the optical axis, degrees, |roll| ≤ 45
 * @param yawOffsetDeg heading of the optical axis relative to the driving direction, degrees
 *     clockwise (0 forward-looking, 180 rear-looking, 90 looking right), -360..360
 */
public record VehicleMount(double heightM, double pitchDeg, double rollDeg, double yawOffsetDeg) {

  /** Default one-sigma error of a measured mounting height, metres. */
  public static final double HEIGHT_ACCURACY_M = 0.1;

  public VehicleMount {
    if (!(heightM > 0 && heightM <= 10)) {
      throw new IllegalArgumentException("heightM must be in (0, 10]: " + heightM);
    }
    if (!(pitchDeg >= -90 && pitchDeg < 0)) {
      throw new IllegalArgumentException(
          "pitchDeg must be below the horizon, in [-90, 0): " + pitchDeg);
    }
    if (!(Math.abs(rollDeg) <= 45)) {
      throw new IllegalArgumentException("rollDeg must be in [-45, 45]: " + rollDeg);
    }
    if (!(Math.abs(yawOffsetDeg) <= 360)) {
      throw new IllegalArgumentException("yawOffsetDeg must be in [-360, 360]: " + yawOffsetDeg);
    }
  }
}
