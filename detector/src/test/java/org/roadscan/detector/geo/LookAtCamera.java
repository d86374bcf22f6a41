package org.roadscan.detector.geo;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;

/**
 * Test helper: the ground truth of a synthetic capture, from a camera model written independently
 * of {@link GroundProjector}, {@link CameraPose} and {@link PinholeCamera} (which it must not call).
 *
 * <p>A look-at construction in north-east-down axes: forward {@code f = (cos p cos y, cos p sin y,
 * -sin p)} for pitch p and yaw y; {@code right0 = (-sin y, cos y, 0)}; {@code down0 = f × right0};
 * with roll r {@code right = cos r right0 + sin r down0} and {@code down = f × right}. The pixel
 * (u, v) sees along {@code f + ((u - cx) / fpx) right + ((v - cy) / fpx) down}, which meets the
 * ground plane {@code heightM} below the camera; the (north, east) offset becomes WGS84 through
 * {@code Geodesic.WGS84.Direct(lat, lon, atan2(E, N), hypot(E, N))}. At pitch -90 the image's top
 * points to the yaw heading (DJI's convention).
 */
final class LookAtCamera {

  private final GeoPoint position;
  private final double heightM;
  private final double focalPx;
  private final double cx;
  private final double cy;
  private final double[] forward;
  private final double[] right;
  private final double[] down;

  /**
   * @param position the point on the ground straight below the camera
   * @param heightM camera height above the ground plane, metres
   * @param yawDeg heading, degrees clockwise from north
   * @param pitchDeg elevation of the optical axis, -90 straight down
   * @param rollDeg roll about the optical axis, positive turning image right side down
   * @param focalPx focal length, pixels
   * @param cx principal point, pixels from the left edge
   * @param cy principal point, pixels from the top edge
   */
  LookAtCamera(GeoPoint position, double heightM, double yawDeg, double pitchDeg, double rollDeg,
      double focalPx, double cx, double cy) {
    this.position = position;
    this.heightM = heightM;
    this.focalPx = focalPx;
    this.cx = cx;
    this.cy = cy;
    double y = Math.toRadians(yawDeg);
    double p = Math.toRadians(pitchDeg);
    double r = Math.toRadians(rollDeg);
    this.forward = new double[] {Math.cos(p) * Math.cos(y), Math.cos(p) * Math.sin(y), -Math.sin(p)};
    double[] right0 = {-Math.sin(y), Math.cos(y), 0};
    double[] down0 = cross(forward, right0);
    this.right = new double[] {
        Math.cos(r) * right0[0] + Math.sin(r) * down0[0],
        Math.cos(r) * right0[1] + Math.sin(r) * down0[1],
        Math.cos(r) * right0[2] + Math.sin(r) * down0[2]};
    this.down = cross(forward, right);
  }

  double heightM() {
    return heightM;
  }

  /** Direction (north, east, down) seen by a pixel, not normalised. */
  double[] rayNed(double u, double v) {
    double a = (u - cx) / focalPx;
    double b = (v - cy) / focalPx;
    return new double[] {
        forward[0] + a * right[0] + b * down[0],
        forward[1] + a * right[1] + b * down[1],
        forward[2] + a * right[2] + b * down[2]};
  }

  /** Angle of a pixel's ray below the horizon, degrees (negative above it). */
  double depressionDeg(double u, double v) {
    double[] d = rayNed(u, v);
    return Math.toDegrees(Math.asin(d[2] / norm(d)));
  }

  /** Angle between a pixel's ray and the vertical below the camera, degrees. */
  double offNadirDeg(double u, double v) {
    double[] d = rayNed(u, v);
    return Math.toDegrees(Math.acos(d[2] / norm(d)));
  }

  /** Ground point of a pixel, metres {north, east} of the point below the camera. */
  double[] groundNorthEastM(double u, double v) {
    double[] d = rayNed(u, v);
    if (!(d[2] > 0)) {
      throw new IllegalArgumentException("pixel (" + u + ", " + v + ") looks above the horizon");
    }
    double scale = heightM / d[2];
    return new double[] {scale * d[0], scale * d[1]};
  }

  /** Ground point of a pixel, WGS84. */
  GeoPoint groundPoint(double u, double v) {
    double[] ne = groundNorthEastM(u, v);
    double distanceM = Math.hypot(ne[0], ne[1]);
    if (distanceM == 0) {
      return position;
    }
    GeodesicData g = Geodesic.WGS84.Direct(position.latDeg(), position.lonDeg(),
        Math.toDegrees(Math.atan2(ne[1], ne[0])), distanceM,
        GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
    return new GeoPoint(g.lon2, g.lat2);
  }

  /**
   * The documented one-sigma uncertainty of a pixel's ground point (see {@link GeoreferenceOp}),
   * from this model's off-nadir angle.
   */
  double uncertaintyM(double u, double v, double gpsM, double heightErrorM, double angleDeg) {
    double theta = Math.toRadians(offNadirDeg(u, v));
    double angle = Math.toRadians(angleDeg);
    double cos = Math.cos(theta);
    double tan = Math.tan(theta);
    double heightTerm = heightErrorM * tan;
    double along = heightM * angle / (cos * cos);
    double across = heightM * angle / cos;
    double heading = heightM * tan * angle;
    return Math.sqrt(gpsM * gpsM + heightTerm * heightTerm + along * along + across * across
        + heading * heading);
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
        a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double norm(double[] d) {
    return Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  }
}
