package org.roadscan.detector.geo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * Places pixel boxes of one capture on the ground. Decides once per capture, in {@link
 * #forCapture}, how:
 *
 * <ul>
 *   <li>{@link Projection#NADIR} when the camera looks within {@value #NADIR_TOLERANCE_DEG}° of
 *       straight down (DJI GimbalPitchDegree), its height above ground is known (DJI
 *       RelativeAltitude &gt; 0), it has a heading (GimbalYawDegree, else FlightYawDegree), its
 *       focal length in pixels is known ({@link PinholeCamera#fromMetadata}) and the image is
 *       stored upright (EXIF Orientation absent or 1). Each box corner is projected through a
 *       {@link GroundProjector} onto flat ground at the take-off point's height.
 *   <li>{@link Projection#CAMERA_POSITION} otherwise (no DJI pose, oblique or street photos,
 *       unknown camera, rotated image): the box is placed at the camera position with a
 *       {@value #CAMERA_POSITION_SQUARE_SIDE_M} m square footprint, area 0 and uncertainty
 *       {@value #CAMERA_POSITION_UNCERTAINTY_M} m. Projecting oblique drone and vehicle cameras is
 *       left to a later issue; {@link GroundProjector} already handles any pose.
 * </ul>
 *
 * <p>Assumptions of the nadir case: the ground is flat and as high as the take-off point, because
 * DJI RelativeAltitude is the barometric height above take-off. The gimbal yaw is used in preference
 * to the aircraft's: it is the heading of the camera itself, which is what orients the image; the
 * aircraft yaw only equals it when the gimbal follows the aircraft.
 *
 * <p>Uncertainty of a nadir projection, one sigma, at the box centre:
 * {@code sqrt(gps² + (heightErr · tan(offNadir))² + (height · tan(angleErr))²)}, where {@code gps}
 * is EXIF GPSHPositioningError when positive, otherwise {@link PoseUncertainty#gpsHorizontalM};
 * {@code offNadir} is the angle of the centre pixel's ray from the vertical; the other errors come
 * from {@link PoseUncertainty} (defaults 5 m, 1 m, 2°).
 *
 * <p>Immutable and thread-safe.
 */
public final class GeoreferenceOp {

  /** Largest deviation of the gimbal pitch from -90°, degrees, still projected as nadir. */
  public static final double NADIR_TOLERANCE_DEG = 10;
  /** Uncertainty of a position that could not be projected, metres. */
  public static final double CAMERA_POSITION_UNCERTAINTY_M = 25;
  /** Side of the square footprint of a position that could not be projected, metres. */
  public static final double CAMERA_POSITION_SQUARE_SIDE_M = 1;

  private final CaptureMetadata metadata;
  private final PoseUncertainty uncertainty;
  private final GroundProjector projector;
  private final String basis;

  private GeoreferenceOp(CaptureMetadata metadata, PoseUncertainty uncertainty,
      GroundProjector projector, String basis) {
    this.metadata = metadata;
    this.uncertainty = uncertainty;
    this.projector = projector;
    this.basis = basis;
  }

  /** Like {@link #forCapture(CaptureMetadata, PoseUncertainty)} with the default errors. */
  public static GeoreferenceOp forCapture(CaptureMetadata metadata) throws CaptureException {
    return forCapture(metadata, PoseUncertainty.DEFAULTS);
  }

  /**
   * Checks a capture's pose and chooses how its boxes are placed.
   *
   * @throws CaptureException INVALID_METADATA naming the tag: {@code GimbalPitchDegree} above the
   *     horizon (&gt; 0), below -180 or not finite; {@code RelativeAltitude} not finite, or &lt;= 0
   *     for a nadir photo (the ground's height would be unknown); {@code GimbalYawDegree},
   *     {@code FlightYawDegree} or {@code GimbalRollDegree} not finite
   */
  public static GeoreferenceOp forCapture(CaptureMetadata metadata, PoseUncertainty uncertainty)
      throws CaptureException {
    Double pitchDeg = metadata.gimbalPitchDeg();
    if (pitchDeg != null && !(pitchDeg <= 0 && pitchDeg >= -180)) {
      throw new CaptureException(Reason.INVALID_METADATA, "GimbalPitchDegree",
          "GimbalPitchDegree " + pitchDeg + " is above the horizon or out of range; the camera"
              + " must look down (0 = horizon, -90 = straight down)");
    }
    boolean nearNadir = pitchDeg != null && Math.abs(pitchDeg + 90) <= NADIR_TOLERANCE_DEG;
    Double heightM = metadata.relativeAltitudeM();
    if (heightM != null && (!Double.isFinite(heightM) || (nearNadir && heightM <= 0))) {
      throw new CaptureException(Reason.INVALID_METADATA, "RelativeAltitude",
          "RelativeAltitude " + heightM + " m: a nadir photo needs the camera above its take-off"
              + " point, which is taken as the ground's height");
    }
    String yawTag = metadata.gimbalYawDeg() != null ? "GimbalYawDegree" : "FlightYawDegree";
    Double yawDeg = metadata.gimbalYawDeg() != null ? metadata.gimbalYawDeg()
        : metadata.flightYawDeg();
    requireFinite(yawDeg, yawTag);
    requireFinite(metadata.gimbalRollDeg(), "GimbalRollDegree");

    Optional<PinholeCamera> camera = PinholeCamera.fromMetadata(metadata);
    Integer orientation = metadata.exifOrientation();
    String notNadir = pitchDeg == null ? "no GimbalPitchDegree"
        : !nearNadir ? "GimbalPitchDegree " + pitchDeg + " is not within "
            + NADIR_TOLERANCE_DEG + "° of -90"
        : heightM == null ? "no RelativeAltitude"
        : yawDeg == null ? "no GimbalYawDegree or FlightYawDegree"
        : camera.isEmpty() ? "focal length in pixels unknown (no FocalLengthIn35mmFilm, and"
            + " camera model '" + metadata.cameraModel() + "' not in the sensor table)"
        : orientation != null && orientation != 1 ? "EXIF Orientation " + orientation
            + " (rotated images are not projected yet)"
        : null;
    if (notNadir != null) {
      return new GeoreferenceOp(metadata, uncertainty, null, notNadir);
    }
    double rollDeg = metadata.gimbalRollDeg() == null ? 0 : metadata.gimbalRollDeg();
    CameraPose pose = new CameraPose(metadata.lonDeg(), metadata.latDeg(), heightM, yawDeg,
        pitchDeg, rollDeg);
    return new GeoreferenceOp(metadata, uncertainty, new GroundProjector(camera.get(), pose),
        "nadir, yaw from " + yawTag);
  }

  /** How this capture's boxes are placed. */
  public Projection projection() {
    return projector == null ? Projection.CAMERA_POSITION : Projection.NADIR;
  }

  /** Why {@link #projection()} was chosen, for logs and problem details. */
  public String basis() {
    return basis;
  }

  /** The projector of a {@link Projection#NADIR} capture; empty otherwise. */
  public Optional<GroundProjector> projector() {
    return Optional.ofNullable(projector);
  }

  /**
   * Places one pixel box on the ground.
   *
   * @param box pixels of the image as stored (same frame as {@link CaptureMetadata#imageWidthPx()})
   * @return centre, footprint (the four projected corners, counter-clockwise), area and
   *     uncertainty
   * @throws CaptureException INVALID_METADATA ({@code GimbalPitchDegree}) when a corner's ray does
   *     not meet the ground (cannot happen for a nadir pose with a field of view under 140°)
   */
  public GroundFootprint project(PixelBox box) throws CaptureException {
    if (projector == null) {
      return atCameraPosition();
    }
    List<EnuPoint> corners = new ArrayList<>(List.of(
        projector.groundPointEnu(box.x0(), box.y0()),
        projector.groundPointEnu(box.x0(), box.y1()),
        projector.groundPointEnu(box.x1(), box.y1()),
        projector.groundPointEnu(box.x1(), box.y0())));
    double signedAreaM2 = signedAreaM2(corners);
    if (signedAreaM2 < 0) {
      Collections.reverse(corners);
    }
    LocalFrame frame = projector.frame();
    List<GeoPoint> ring = corners.stream().map(frame::toLonLat).toList();
    GeoPoint centre = frame.toLonLat(projector.groundPointEnu(box.centerX(), box.centerY()));
    return new GroundFootprint(centre.lonDeg(), centre.latDeg(), Wgs84.polygon(ring),
        Math.abs(signedAreaM2), nadirUncertaintyM(box), Projection.NADIR);
  }

  private double nadirUncertaintyM(PixelBox box) {
    Double reported = metadata.horizontalAccuracyM();
    double gpsM = reported != null && reported > 0 && Double.isFinite(reported) ? reported
        : uncertainty.gpsHorizontalM();
    double offNadirRad = Math.toRadians(projector.offNadirDeg(box.centerX(), box.centerY()));
    double heightTermM = uncertainty.heightM() * Math.tan(offNadirRad);
    double angleTermM = projector.pose().heightAboveGroundM()
        * Math.tan(Math.toRadians(uncertainty.angleDeg()));
    return Math.sqrt(gpsM * gpsM + heightTermM * heightTermM + angleTermM * angleTermM);
  }

  private GroundFootprint atCameraPosition() {
    LocalFrame frame = new LocalFrame(metadata.lonDeg(), metadata.latDeg());
    double half = CAMERA_POSITION_SQUARE_SIDE_M / 2;
    List<GeoPoint> ring = List.of(
        frame.toLonLat(-half, -half), frame.toLonLat(half, -half),
        frame.toLonLat(half, half), frame.toLonLat(-half, half));
    return new GroundFootprint(metadata.lonDeg(), metadata.latDeg(), Wgs84.polygon(ring), 0,
        CAMERA_POSITION_UNCERTAINTY_M, Projection.CAMERA_POSITION);
  }

  /** Shoelace area in the local frame, positive when counter-clockwise seen from above. */
  private static double signedAreaM2(List<EnuPoint> ring) {
    double twice = 0;
    for (int i = 0; i < ring.size(); i++) {
      EnuPoint a = ring.get(i);
      EnuPoint b = ring.get((i + 1) % ring.size());
      twice += a.eastM() * b.northM() - b.eastM() * a.northM();
    }
    return twice / 2;
  }

  private static void requireFinite(Double value, String tag) throws CaptureException {
    if (value != null && !Double.isFinite(value)) {
      throw new CaptureException(Reason.INVALID_METADATA, tag, tag + " is not a finite number");
    }
  }
}
