package org.roadscan.detector.geo;

import java.util.Optional;
import org.roadscan.detector.CaptureException;

/**
 * Casts the ray through a pixel of a {@link PinholeCamera} at a {@link CameraPose} and intersects
 * it with the ground: the horizontal plane {@code up = 0} of a {@link LocalFrame} whose origin is
 * the point straight below the camera, the camera being at {@code (0, 0, heightAboveGroundM)},
 * raised by a {@link Terrain} where one is given (fixed-point iteration; exact in one step for
 * {@link Terrain#FLAT}). Also the inverse, ground point to pixel.
 *
 * <p>Rays must point at least {@value #MIN_DEPRESSION_DEG}° below the horizon: nearer the horizon
 * the ground distance grows without bound and flat ground is no longer a usable model.
 * Valid for ground points within a few kilometres of the camera (see {@link LocalFrame}); the
 * ground's height, its slope and lens distortion are not modelled.
 *
 * <p>Immutable and thread-safe.
 */
public final class GroundProjector {

  /** Smallest angle below the horizon, degrees, for a ray to be intersected with the ground. */
  public static final double MIN_DEPRESSION_DEG = 1.0;
  /** Iterations allowed for a terrain intersection to settle to {@value #TERRAIN_TOLERANCE_M} m. */
  static final int TERRAIN_ITERATIONS = 50;
  static final double TERRAIN_TOLERANCE_M = 1e-4;

  private final PinholeCamera camera;
  private final CameraPose pose;
  private final Terrain terrain;
  private final LocalFrame frame;
  /** Camera body axes (forward, right, down) to north-east-down, row-major. */
  private final double[] bodyToNed;

  /** A projector onto flat ground. */
  public GroundProjector(PinholeCamera camera, CameraPose pose) {
    this(camera, pose, Terrain.FLAT);
  }

  public GroundProjector(PinholeCamera camera, CameraPose pose, Terrain terrain) {
    this.camera = camera;
    this.pose = pose;
    this.terrain = terrain;
    this.frame = LocalFrame.at(pose.position());
    this.bodyToNed = bodyToNed(pose);
  }

  public PinholeCamera camera() {
    return camera;
  }

  public CameraPose pose() {
    return pose;
  }

  /** The ground frame: origin below the camera, x east, y north, metres. */
  public LocalFrame frame() {
    return frame;
  }

  /**
   * Ground point seen by a pixel, in {@link #frame()}.
   *
   * @param xPx pixels from the image's left edge
   * @param yPx pixels from the image's top edge
   * @return the point on the ground, {@code upM} = the terrain's height there (0 on flat ground)
   * @throws CaptureException INVALID_METADATA ({@code GimbalPitchDegree}) when the ray points less
   *     than {@value #MIN_DEPRESSION_DEG}° below the horizon, so it never meets the ground, or
   *     when the terrain intersection does not settle (terrain above the camera, or steeper than
   *     the ray)
   */
  public EnuPoint groundPointEnu(double xPx, double yPx) throws CaptureException {
    double[] enu = rayEnu(xPx, yPx);
    double length = Math.sqrt(enu[0] * enu[0] + enu[1] * enu[1] + enu[2] * enu[2]);
    double depressionDeg = Math.toDegrees(Math.asin(-enu[2] / length));
    if (!(depressionDeg >= MIN_DEPRESSION_DEG)) {
      throw new CaptureException(CaptureException.Reason.INVALID_METADATA, "GimbalPitchDegree",
          String.format(java.util.Locale.ROOT,
              "the ray through pixel (%.1f, %.1f) points %.2f° below the horizon (camera pitch"
                  + " %.2f°); it must point at least %.1f° down to meet the ground",
              xPx, yPx, depressionDeg, pose.pitchDeg(), MIN_DEPRESSION_DEG));
    }
    double groundUpM = 0;
    for (int i = 0; i < TERRAIN_ITERATIONS; i++) {
      double drop = pose.heightAboveGroundM() - groundUpM;
      if (!(drop > 0)) {
        break;
      }
      double scale = drop / -enu[2];
      double eastM = scale * enu[0];
      double northM = scale * enu[1];
      double nextUpM = terrain.heightM(eastM, northM);
      if (Math.abs(nextUpM - groundUpM) <= TERRAIN_TOLERANCE_M) {
        return new EnuPoint(eastM, northM, groundUpM);
      }
      groundUpM = nextUpM;
    }
    throw new CaptureException(CaptureException.Reason.INVALID_METADATA, "GimbalPitchDegree",
        String.format(java.util.Locale.ROOT,
            "the ray through pixel (%.1f, %.1f) does not settle on the terrain (camera %.2f m"
                + " above the reference plane)", xPx, yPx, pose.heightAboveGroundM()));
  }

  /** Like {@link #groundPointEnu}, as a WGS84 position. */
  public GeoPoint groundPoint(double xPx, double yPx) throws CaptureException {
    return frame.toLonLat(groundPointEnu(xPx, yPx));
  }

  /**
   * The pixel that sees a point given in {@link #frame()} (any height).
   *
   * @return the pixel (possibly outside the image bounds), or empty when the point is behind the
   *     camera
   */
  public Optional<ImagePoint> pixelOf(EnuPoint point) {
    double north = point.northM();
    double east = point.eastM();
    double down = pose.heightAboveGroundM() - point.upM();
    double[] r = bodyToNed;
    // Transpose: NED to body (forward, right, down).
    double forward = r[0] * north + r[3] * east + r[6] * down;
    double right = r[1] * north + r[4] * east + r[7] * down;
    double bodyDown = r[2] * north + r[5] * east + r[8] * down;
    return camera.pixelOf(right, bodyDown, forward);
  }

  /** Angle between the ray through a pixel and the vertical below the camera, degrees. */
  public double offNadirDeg(double xPx, double yPx) {
    double[] enu = rayEnu(xPx, yPx);
    double length = Math.sqrt(enu[0] * enu[0] + enu[1] * enu[1] + enu[2] * enu[2]);
    return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, -enu[2] / length))));
  }

  /** Ray direction (east, north, up) through a pixel, not normalised. */
  private double[] rayEnu(double xPx, double yPx) {
    double[] cam = camera.rayCamera(xPx, yPx);
    // Camera (right, down, optical axis) = body (right, down, forward).
    double forward = cam[2];
    double right = cam[0];
    double down = cam[1];
    double[] r = bodyToNed;
    double north = r[0] * forward + r[1] * right + r[2] * down;
    double east = r[3] * forward + r[4] * right + r[5] * down;
    double nedDown = r[6] * forward + r[7] * right + r[8] * down;
    return new double[] {east, north, -nedDown};
  }

  /** Aerospace direction cosine matrix, body to NED, for yaw-pitch-roll (Z-Y-X). */
  private static double[] bodyToNed(CameraPose pose) {
    double psi = Math.toRadians(pose.yawDeg());
    double theta = Math.toRadians(pose.pitchDeg());
    double phi = Math.toRadians(pose.rollDeg());
    double cps = Math.cos(psi);
    double sps = Math.sin(psi);
    double cth = Math.cos(theta);
    double sth = Math.sin(theta);
    double cph = Math.cos(phi);
    double sph = Math.sin(phi);
    return new double[] {
        cth * cps, sph * sth * cps - cph * sps, cph * sth * cps + sph * sps,
        cth * sps, sph * sth * sps + cph * cps, cph * sth * sps - sph * cps,
        -sth, sph * cth, cph * cth};
  }
}
