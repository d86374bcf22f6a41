package org.roadscan.detector.geo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.locationtech.jts.geom.Polygon;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * Places the pixel boxes of one capture on the ground. Decides once per capture, in {@link
 * #forCapture}, how:
 *
 * <ul>
 *   <li><b>Vehicle</b> ({@link Projection#VEHICLE}) when the survey profile gives a {@link
 *       VehicleMount}: the camera stands {@code heightM} above the road at the image's GPS
 *       position, pitched and rolled as mounted, heading = EXIF {@code GPSImgDirection} when
 *       present (the camera's own heading), else the driving direction from the track ({@link
 *       TrackHeadingOp}) plus the mount's {@code yawOffsetDeg}. Without any heading the capture
 *       falls back to the camera position (below). The mount's angles refer to the image as
 *       displayed, so a phone photo stored sideways (EXIF Orientation 6 or 8) needs no special
 *       profile; mirrored orientations cannot be a real camera and are refused.
 *   <li><b>Drone</b> ({@link Projection#NADIR} when the gimbal looks within {@value
 *       #NADIR_TOLERANCE_DEG}° of straight down, else {@link Projection#OBLIQUE}) when the image
 *       has DJI {@code GimbalPitchDegree}: the camera stands {@code RelativeAltitude} (height above
 *       the take-off point, barometric) minus the survey's {@code groundHeightM} above the road,
 *       or, when the survey gives {@code groundElevationM}, {@code AbsoluteAltitude} (else EXIF
 *       {@code GPSAltitude}) minus that;
 *       yaw = {@code GimbalYawDegree}, else {@code FlightYawDegree} (the gimbal's own heading
 *       orients the image; the aircraft's only equals it when the gimbal follows the aircraft);
 *       roll = {@code GimbalRollDegree}, else 0. Angles as in {@link CameraPose}.
 *   <li><b>Camera position</b> ({@link Projection#CAMERA_POSITION}) otherwise (a street photo
 *       without a profile, or a vehicle capture without heading): each box is placed at the
 *       camera position with a {@value #CAMERA_POSITION_SQUARE_SIDE_M} m square footprint, area
 *       and length 0 and uncertainty {@value #CAMERA_POSITION_UNCERTAINTY_M} m.
 * </ul>
 * Drone and vehicle captures need the camera's focal length in pixels ({@link CameraIntrinsics});
 * without it they are refused (422) rather than projected with a guessed lens.
 *
 * <p>A box is projected corner by corner through a {@link GroundProjector} onto flat ground
 * (boxes come in the displayed frame and are first mapped to the stored frame, see {@link
 * ExifOrientation}); its centre, footprint (counter-clockwise), area and length (mean length of
 * the longer pair of opposite sides) are computed in a local metric frame. A box is not placed
 * when a corner's ray points less than {@value GroundProjector#MIN_DEPRESSION_DEG}° below the
 * horizon, or when its centre's uncertainty exceeds {@value #MAX_PROJECTED_UNCERTAINTY_M} m (the
 * figure of a mere camera position: such a placement says nothing more).
 *
 * <p>Uncertainty, one sigma, at the box centre, for a camera {@code H} metres above the road whose
 * ray to the centre is {@code θ} from the vertical:
 * <pre>
 *   σ² = σgps² + (σh · tan θ)² + (H · σa / cos²θ)² + (H · σa / cos θ)² + (H · tan θ · σa)²
 * </pre>
 * the terms being GNSS position, height error (moves the point along the ray), tilt along the
 * ray's azimuth ({@code d(H tan θ)/dθ}, the one that explodes towards the horizon), tilt across
 * it (slant range × angle) and heading error (ground range × angle); {@code σa} in radians.
 * {@code σgps}: RTK {@code hypot(RtkStdLon, RtkStdLat)} when present, else EXIF {@code
 * GPSHPositioningError}, else the survey's {@code gpsAccuracyM}, else the service default.
 * {@code σh}: the survey's {@code heightAccuracyM}, else {@code RtkStdHgt} (drones), else the
 * service default ({@value VehicleMount#HEIGHT_ACCURACY_M} m for a vehicle mount). {@code σa}: the
 * survey's {@code angleAccuracyDeg}, else the service default.
 *
 * <p>Immutable and thread-safe.
 */
public final class GeoreferenceOp {

  /** Largest deviation of the gimbal pitch from -90°, degrees, still called nadir. */
  public static final double NADIR_TOLERANCE_DEG = 10;
  /** Uncertainty of a position that could not be projected, metres. */
  public static final double CAMERA_POSITION_UNCERTAINTY_M = 25;
  /** Side of the square footprint of a position that could not be projected, metres. */
  public static final double CAMERA_POSITION_SQUARE_SIDE_M = 1;
  /** Largest uncertainty of a projected box, metres; boxes beyond it are not placed. */
  public static final double MAX_PROJECTED_UNCERTAINTY_M = CAMERA_POSITION_UNCERTAINTY_M;

  /** One-sigma errors used for one capture. */
  private record Errors(double gpsM, double heightM, double angleDeg) {
  }

  private final CaptureMetadata metadata;
  private final Projection projection;
  private final String basis;
  private final GroundProjector projector;
  private final ExifOrientation orientation;
  private final Errors errors;

  private GeoreferenceOp(CaptureMetadata metadata, Projection projection, String basis,
      GroundProjector projector, ExifOrientation orientation, Errors errors) {
    this.metadata = metadata;
    this.projection = projection;
    this.basis = basis;
    this.projector = projector;
    this.orientation = orientation;
    this.errors = errors;
  }

  /** Like {@link #forCapture(CaptureMetadata, CaptureContext, PoseUncertainty)}, no profile. */
  public static GeoreferenceOp forCapture(CaptureMetadata metadata) throws CaptureException {
    return forCapture(metadata, CaptureContext.NONE, PoseUncertainty.DEFAULTS);
  }

  /** Like {@link #forCapture(CaptureMetadata, CaptureContext, PoseUncertainty)}, no profile. */
  public static GeoreferenceOp forCapture(CaptureMetadata metadata, PoseUncertainty defaults)
      throws CaptureException {
    return forCapture(metadata, CaptureContext.NONE, defaults);
  }

  /**
   * Checks a capture's pose and chooses how its boxes are placed.
   *
   * @param metadata what the file says
   * @param context the survey profile and track heading
   * @param defaults the service's default errors
   * @throws CaptureException naming the tag at fault. Drone captures: INVALID_METADATA {@code
   *     GimbalPitchDegree} above the horizon (&gt; 0) or below -180; MISSING_METADATA {@code
   *     RelativeAltitude}; INVALID_METADATA {@code RelativeAltitude} &lt;= 0 or not above the
   *     survey's ground height; MISSING_METADATA {@code GimbalYawDegree} when neither gimbal nor
   *     flight yaw is given. Drone and vehicle captures: MISSING_METADATA {@code FocalLength} when
   *     the focal length in pixels cannot be known; INVALID_METADATA {@code
   *     CalibratedOpticalCenterX/Y} outside the image. Vehicle captures: INVALID_METADATA {@code
   *     Orientation} for a mirrored image. Any capture: INVALID_METADATA naming a pose tag that is
   *     not a finite number.
   */
  public static GeoreferenceOp forCapture(CaptureMetadata metadata, CaptureContext context,
      PoseUncertainty defaults) throws CaptureException {
    requireFinite(metadata.gimbalPitchDeg(), "GimbalPitchDegree");
    requireFinite(metadata.gimbalYawDeg(), "GimbalYawDegree");
    requireFinite(metadata.flightYawDeg(), "FlightYawDegree");
    requireFinite(metadata.gimbalRollDeg(), "GimbalRollDegree");
    requireFinite(metadata.relativeAltitudeM(), "RelativeAltitude");
    requireFinite(metadata.gpsImgDirectionDeg(), "GPSImgDirection");
    SurveyProfile profile = context.profile();
    if (profile.mount() != null) {
      return vehicle(metadata, context, defaults);
    }
    if (metadata.gimbalPitchDeg() != null) {
      return drone(metadata, profile, defaults);
    }
    return atCameraPosition(metadata, "no camera pose: the image has no DJI GimbalPitchDegree and"
        + " the survey profile gives no vehicle mount");
  }

  private static GeoreferenceOp drone(CaptureMetadata metadata, SurveyProfile profile,
      PoseUncertainty defaults) throws CaptureException {
    double pitchDeg = metadata.gimbalPitchDeg();
    if (!(pitchDeg <= 0 && pitchDeg >= -180)) {
      throw new CaptureException(Reason.INVALID_METADATA, "GimbalPitchDegree",
          "GimbalPitchDegree " + pitchDeg + " is above the horizon or out of range; the camera"
              + " must look down (0 = horizon, -90 = straight down)");
    }
    if (profile.groundElevationM() != null) {
      return droneAboveElevation(metadata, profile, defaults, pitchDeg);
    }
    Double relativeM = metadata.relativeAltitudeM();
    if (relativeM == null) {
      throw new CaptureException(Reason.MISSING_METADATA, "RelativeAltitude",
          "the image has DJI GimbalPitchDegree but no drone-dji:RelativeAltitude, the height above"
              + " the take-off point that places the ground");
    }
    if (!(relativeM > 0)) {
      throw new CaptureException(Reason.INVALID_METADATA, "RelativeAltitude",
          "RelativeAltitude " + relativeM + " m: the camera must be above its take-off point,"
              + " which is taken as the ground's height");
    }
    double heightM = relativeM - profile.groundHeightM();
    if (!(heightM > 0)) {
      throw new CaptureException(Reason.INVALID_METADATA, "RelativeAltitude", String.format(
          Locale.ROOT, "RelativeAltitude %.2f m minus the survey's groundHeightM %.2f m puts the"
              + " camera %.2f m above the road; it must be above it", relativeM,
          profile.groundHeightM(), heightM));
    }
    return drone(metadata, profile, defaults, pitchDeg, heightM, "RelativeAltitude"
        + (profile.groundHeightM() == 0 ? "" : " minus the survey's groundHeightM"));
  }

  private static GeoreferenceOp droneAboveElevation(CaptureMetadata metadata,
      SurveyProfile profile, PoseUncertainty defaults, double pitchDeg) throws CaptureException {
    String tag = metadata.absoluteAltitudeM() != null ? "AbsoluteAltitude" : "GPSAltitude";
    Double altitudeM = metadata.absoluteAltitudeM() != null ? metadata.absoluteAltitudeM()
        : metadata.gpsAltitudeM();
    if (altitudeM == null) {
      throw new CaptureException(Reason.MISSING_METADATA, "AbsoluteAltitude",
          "the survey gives groundElevationM, but the image has neither drone-dji:AbsoluteAltitude"
              + " nor EXIF GPSAltitude to measure the camera's height against it");
    }
    double heightM = altitudeM - profile.groundElevationM();
    if (!(heightM > 0)) {
      throw new CaptureException(Reason.INVALID_METADATA, tag, String.format(Locale.ROOT,
          "%s %.2f m minus the survey's groundElevationM %.2f m puts the camera %.2f m above the"
              + " road; it must be above it", tag, altitudeM, profile.groundElevationM(), heightM));
    }
    return drone(metadata, profile, defaults, pitchDeg, heightM,
        tag + " minus the survey's groundElevationM");
  }

  private static GeoreferenceOp drone(CaptureMetadata metadata, SurveyProfile profile,
      PoseUncertainty defaults, double pitchDeg, double heightM, String heightSource)
      throws CaptureException {
    String yawTag = metadata.gimbalYawDeg() != null ? "GimbalYawDegree" : "FlightYawDegree";
    Double yawDeg = metadata.gimbalYawDeg() != null ? metadata.gimbalYawDeg()
        : metadata.flightYawDeg();
    if (yawDeg == null) {
      throw new CaptureException(Reason.MISSING_METADATA, "GimbalYawDegree",
          "the image has DJI GimbalPitchDegree but neither GimbalYawDegree nor FlightYawDegree,"
              + " so the image's heading is unknown");
    }
    CameraIntrinsics intrinsics = intrinsics(metadata, profile);
    double rollDeg = metadata.gimbalRollDeg() == null ? 0 : metadata.gimbalRollDeg();
    CameraPose pose = new CameraPose(metadata.lonDeg(), metadata.latDeg(), heightM, yawDeg,
        pitchDeg, rollDeg);
    Projection projection = Math.abs(pitchDeg + 90) <= NADIR_TOLERANCE_DEG ? Projection.NADIR
        : Projection.OBLIQUE;
    Double rtkHeightM = positiveOrNull(metadata.rtkStdHgtM());
    Errors errors = new Errors(gpsErrorM(metadata, profile, defaults),
        firstNonNull(profile.heightAccuracyM(), rtkHeightM, defaults.heightM()),
        firstNonNull(profile.angleAccuracyDeg(), null, defaults.angleDeg()));
    String basis = String.format(Locale.ROOT, "%s drone photo (pitch %.1f°): height %.2f m from"
            + " %s, yaw from %s, focal length from %s",
        projection == Projection.NADIR ? "nadir" : "oblique", pitchDeg, heightM, heightSource,
        yawTag, intrinsics.source());
    return new GeoreferenceOp(metadata, projection, basis,
        new GroundProjector(intrinsics.camera(), pose),
        ExifOrientation.of(metadata.exifOrientation()), errors);
  }

  private static GeoreferenceOp vehicle(CaptureMetadata metadata, CaptureContext context,
      PoseUncertainty defaults) throws CaptureException {
    SurveyProfile profile = context.profile();
    VehicleMount mount = profile.mount();
    ExifOrientation orientation = ExifOrientation.of(metadata.exifOrientation());
    if (orientation.mirrored()) {
      throw new CaptureException(Reason.INVALID_METADATA, "Orientation",
          "EXIF Orientation " + orientation.exifValue() + " mirrors the image; a mirrored photo"
              + " cannot be projected with a vehicle mount");
    }
    CameraIntrinsics intrinsics = intrinsics(metadata, profile);
    double yawDeg;
    String yawSource;
    if (metadata.gpsImgDirectionDeg() != null) {
      yawDeg = metadata.gpsImgDirectionDeg();
      yawSource = "GPSImgDirection";
    } else if (context.trackHeadingDeg() != null) {
      yawDeg = context.trackHeadingDeg() + mount.yawOffsetDeg();
      yawSource = "the driving direction from the GPS track"
          + (mount.yawOffsetDeg() == 0 ? "" : " plus the mount's yawOffsetDeg");
    } else {
      return atCameraPosition(metadata, "vehicle mount given but no heading: the image has no"
          + " GPSImgDirection, and its neighbours in the upload give no driving direction (upload"
          + " a run's photos together, with capture times, moving at least "
          + TrackHeadingOp.MIN_BASELINE_M + " m between shots)");
    }
    CameraPose pose = new CameraPose(metadata.lonDeg(), metadata.latDeg(), mount.heightM(),
        yawDeg, mount.pitchDeg(), mount.rollDeg() + orientation.storedRollOffsetDeg());
    Errors errors = new Errors(gpsErrorM(metadata, profile, defaults),
        firstNonNull(profile.heightAccuracyM(), null, VehicleMount.HEIGHT_ACCURACY_M),
        firstNonNull(profile.angleAccuracyDeg(), null, defaults.angleDeg()));
    String basis = String.format(Locale.ROOT, "vehicle camera %.2f m above the road, pitch %.1f°,"
            + " heading from %s, focal length from %s", mount.heightM(), mount.pitchDeg(),
        yawSource, intrinsics.source());
    return new GeoreferenceOp(metadata, Projection.VEHICLE, basis,
        new GroundProjector(intrinsics.camera(), pose), orientation, errors);
  }

  private static GeoreferenceOp atCameraPosition(CaptureMetadata metadata, String basis) {
    return new GeoreferenceOp(metadata, Projection.CAMERA_POSITION, basis, null,
        ExifOrientation.NORMAL, null);
  }

  private static CameraIntrinsics intrinsics(CaptureMetadata metadata, SurveyProfile profile)
      throws CaptureException {
    return CameraIntrinsics.of(metadata, profile.camera()).orElseThrow(() -> new CaptureException(
        Reason.MISSING_METADATA, "FocalLength", "the camera's focal length in pixels is unknown:"
            + " the image has no DJI CalibratedFocalLength, no FocalLengthIn35mmFilm, no"
            + " FocalLength with FocalPlaneXResolution, and camera model '"
            + metadata.cameraModel() + "' is not in the sensor table; give the survey profile's"
            + " camera (focalLengthPx, or sensorWidthMm)"));
  }

  private static double gpsErrorM(CaptureMetadata metadata, SurveyProfile profile,
      PoseUncertainty defaults) {
    Double rtkLon = positiveOrNull(metadata.rtkStdLonM());
    Double rtkLat = positiveOrNull(metadata.rtkStdLatM());
    Double rtkM = rtkLon != null && rtkLat != null ? Math.hypot(rtkLon, rtkLat) : null;
    Double reported = positiveOrNull(metadata.horizontalAccuracyM());
    return firstNonNull(rtkM, reported,
        profile.gpsAccuracyM() != null ? profile.gpsAccuracyM() : defaults.gpsHorizontalM());
  }

  /** How this capture's boxes are placed. */
  public Projection projection() {
    return projection;
  }

  /** Why {@link #projection()} was chosen and from which tags, for logs and the job result. */
  public String basis() {
    return basis;
  }

  /** The projector of a drone or vehicle capture; empty for {@link Projection#CAMERA_POSITION}. */
  public Optional<GroundProjector> projector() {
    return Optional.ofNullable(projector);
  }

  /**
   * The ground the whole image frame covers, as a WGS84 polygon (x = lon, y = lat): what the
   * register needs to flag damages a later survey covered without seeing. Empty when the capture
   * is placed at its camera position, or when the frame cannot be placed as a whole (an oblique
   * or vehicle frame reaching the horizon, or too uncertain).
   */
  public Optional<Polygon> coverage() {
    if (projector == null) {
      return Optional.empty();
    }
    boolean turned = orientation.swapsAxes();
    int widthPx = turned ? metadata.imageHeightPx() : metadata.imageWidthPx();
    int heightPx = turned ? metadata.imageWidthPx() : metadata.imageHeightPx();
    BoxPlacement frame = place(new PixelBox(0, 0, widthPx, heightPx));
    return frame.isPlaced() ? Optional.of(frame.footprint().footprint()) : Optional.empty();
  }

  /**
   * Metres of ground per image pixel at the frame centre (the geometric mean of the two image
   * axes), for a drone capture ({@link Projection#NADIR} or {@link Projection#OBLIQUE}); empty for
   * vehicle frames (their scale changes too much across the frame to tile by it) and captures
   * placed at the camera position. Used by scale-aware tiling.
   */
  public OptionalDouble groundSampleM() {
    if (projector == null || projection != Projection.NADIR && projection != Projection.OBLIQUE) {
      return OptionalDouble.empty();
    }
    double cx = metadata.imageWidthPx() / 2.0;
    double cy = metadata.imageHeightPx() / 2.0;
    try {
      EnuPoint centre = projector.groundPointEnu(cx, cy);
      double alongX = distanceM(centre, projector.groundPointEnu(cx + 1, cy));
      double alongY = distanceM(centre, projector.groundPointEnu(cx, cy + 1));
      double gsd = Math.sqrt(alongX * alongY);
      return gsd > 0 && Double.isFinite(gsd) ? OptionalDouble.of(gsd) : OptionalDouble.empty();
    } catch (CaptureException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * Places one pixel box on the ground.
   *
   * @param box pixels of the image as decoded (EXIF Orientation applied), as the detector reports
   * @return the footprint (centre, polygon counter-clockwise, area, length, uncertainty), or the
   *     reason it cannot be placed
   */
  public BoxPlacement place(PixelBox box) {
    if (projector == null) {
      return BoxPlacement.placed(cameraPositionFootprint());
    }
    PixelBox stored = orientation.toStored(box, metadata.imageWidthPx(), metadata.imageHeightPx());
    List<EnuPoint> corners;
    EnuPoint centre;
    try {
      corners = new ArrayList<>(List.of(
          projector.groundPointEnu(stored.x0(), stored.y0()),
          projector.groundPointEnu(stored.x0(), stored.y1()),
          projector.groundPointEnu(stored.x1(), stored.y1()),
          projector.groundPointEnu(stored.x1(), stored.y0())));
      centre = projector.groundPointEnu(stored.centerX(), stored.centerY());
    } catch (CaptureException e) {
      return BoxPlacement.unplaced("the box reaches too close to the horizon: " + e.getMessage());
    }
    double uncertaintyM = uncertaintyM(stored);
    if (uncertaintyM > MAX_PROJECTED_UNCERTAINTY_M) {
      return BoxPlacement.unplaced(String.format(Locale.ROOT, "too far from the camera: the"
              + " position would be uncertain by %.1f m (more than %.0f m), %.1f m away",
          uncertaintyM, MAX_PROJECTED_UNCERTAINTY_M, Math.hypot(centre.eastM(), centre.northM())));
    }
    double signedAreaM2 = signedAreaM2(corners);
    double lengthM = Math.max(
        (distanceM(corners.get(0), corners.get(1)) + distanceM(corners.get(2), corners.get(3))) / 2,
        (distanceM(corners.get(1), corners.get(2)) + distanceM(corners.get(3), corners.get(0))) / 2);
    if (signedAreaM2 < 0) {
      Collections.reverse(corners);
    }
    LocalFrame frame = projector.frame();
    List<GeoPoint> ring = corners.stream().map(frame::toLonLat).toList();
    GeoPoint centreLonLat = frame.toLonLat(centre);
    return BoxPlacement.placed(new GroundFootprint(centreLonLat.lonDeg(), centreLonLat.latDeg(),
        Wgs84.polygon(ring), Math.abs(signedAreaM2), lengthM, uncertaintyM, projection));
  }

  /**
   * Like {@link #place}, for callers that need a footprint.
   *
   * @throws CaptureException INVALID_METADATA ({@code GimbalPitchDegree}) when the box cannot be
   *     placed, with the reason
   */
  public GroundFootprint project(PixelBox box) throws CaptureException {
    BoxPlacement placement = place(box);
    if (!placement.isPlaced()) {
      throw new CaptureException(Reason.INVALID_METADATA, "GimbalPitchDegree",
          placement.unplacedReason());
    }
    return placement.footprint();
  }

  /** One-sigma horizontal uncertainty of the ground point of a stored-frame box's centre, metres. */
  private double uncertaintyM(PixelBox stored) {
    double thetaRad = Math.toRadians(projector.offNadirDeg(stored.centerX(), stored.centerY()));
    double heightM = projector.pose().heightAboveGroundM();
    double angleRad = Math.toRadians(errors.angleDeg());
    double cos = Math.cos(thetaRad);
    double tan = Math.tan(thetaRad);
    double heightTerm = errors.heightM() * tan;
    double alongTerm = heightM * angleRad / (cos * cos);
    double acrossTerm = heightM * angleRad / cos;
    double headingTerm = heightM * tan * angleRad;
    return Math.sqrt(errors.gpsM() * errors.gpsM() + heightTerm * heightTerm
        + alongTerm * alongTerm + acrossTerm * acrossTerm + headingTerm * headingTerm);
  }

  private GroundFootprint cameraPositionFootprint() {
    LocalFrame frame = new LocalFrame(metadata.lonDeg(), metadata.latDeg());
    double half = CAMERA_POSITION_SQUARE_SIDE_M / 2;
    List<GeoPoint> ring = List.of(
        frame.toLonLat(-half, -half), frame.toLonLat(half, -half),
        frame.toLonLat(half, half), frame.toLonLat(-half, half));
    return new GroundFootprint(metadata.lonDeg(), metadata.latDeg(), Wgs84.polygon(ring), 0, 0,
        CAMERA_POSITION_UNCERTAINTY_M, Projection.CAMERA_POSITION);
  }

  private static double distanceM(EnuPoint a, EnuPoint b) {
    return Math.hypot(a.eastM() - b.eastM(), a.northM() - b.northM());
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

  private static Double positiveOrNull(Double value) {
    return value != null && value > 0 && Double.isFinite(value) ? value : null;
  }

  private static double firstNonNull(Double first, Double second, double fallback) {
    return first != null ? first : second != null ? second : fallback;
  }

  private static void requireFinite(Double value, String tag) throws CaptureException {
    if (value != null && !Double.isFinite(value)) {
      throw new CaptureException(Reason.INVALID_METADATA, tag, tag + " is not a finite number");
    }
  }
}
