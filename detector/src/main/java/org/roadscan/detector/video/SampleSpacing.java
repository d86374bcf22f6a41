package org.roadscan.detector.video;

import java.util.Optional;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.geo.CameraIntrinsics;
import org.roadscan.detector.geo.PinholeCamera;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * How far the camera must move after a sampled frame before the next one is sampled, metres.
 *
 * <p>A vehicle frame (the survey profile gives a mount): the video profile's fixed {@code
 * vehicleSampleDistanceM}. A drone frame: {@code (1 - overlap)} × the frame's along-track
 * footprint, the ground between the rays through the image's bottom and top edges (the drone is
 * taken to fly towards the image's top, as survey flights do), for a camera {@code H} metres above
 * the road ({@code RelativeAltitude} minus the survey's {@code groundHeightM}, or the absolute
 * altitude minus its {@code groundElevationM}, as {@link
 * org.roadscan.detector.geo.GeoreferenceOp} takes it) pitched {@code p}:
 * <pre>
 *   length = H · (cot(max(d − αtop, {@value #FAR_EDGE_MIN_DEPRESSION_DEG}°)) − cot(d + αbottom)),  d = −p
 * </pre>
 * with {@code αtop}, {@code αbottom} the angles from the optical axis to the top and bottom edges
 * ({@link CameraIntrinsics}, the profile's camera first); 2·H·tan(α) at nadir. The far edge is cut
 * at {@value #FAR_EDGE_MIN_DEPRESSION_DEG}° below the horizon: ground beyond it is too far from
 * the camera to place damage, so it must not stretch the spacing. A drone frame whose height or
 * focal length is unknown falls back to the vehicle distance.
 *
 * <p>Stateless and thread-safe.
 */
public final class SampleSpacing {

  /** Shallowest depression of the far edge counted in a footprint, degrees below the horizon. */
  public static final double FAR_EDGE_MIN_DEPRESSION_DEG = 10;

  private SampleSpacing() {
  }

  /**
   * The spacing after a frame.
   *
   * @param metadata the frame's metadata (telemetry with the video profile's defaults applied)
   * @param profile the survey profile
   * @param videoProfile the video profile
   * @return metres, positive
   */
  public static double spacingM(CaptureMetadata metadata, SurveyProfile profile,
      VideoProfile videoProfile) {
    double fixedM = videoProfile.vehicleSampleDistanceM();
    if (profile.mount() != null || metadata.gimbalPitchDeg() == null) {
      return fixedM;
    }
    Double heightM = heightAboveRoadM(metadata, profile);
    Optional<CameraIntrinsics> intrinsics;
    try {
      intrinsics = CameraIntrinsics.of(metadata, profile.camera());
    } catch (CaptureException e) {
      intrinsics = Optional.empty();
    }
    if (heightM == null || !(heightM > 0) || intrinsics.isEmpty()) {
      return fixedM;
    }
    PinholeCamera camera = intrinsics.get().camera();
    double topDeg = Math.toDegrees(Math.atan(camera.principalPointYPx() / camera.focalLengthPx()));
    double bottomDeg = Math.toDegrees(Math.atan(
        (camera.imageHeightPx() - camera.principalPointYPx()) / camera.focalLengthPx()));
    double lengthM = footprintLengthM(heightM, metadata.gimbalPitchDeg(), topDeg, bottomDeg);
    double spacingM = (1 - videoProfile.overlap()) * lengthM;
    return spacingM > 0 && Double.isFinite(spacingM) ? spacingM : fixedM;
  }

  /**
   * Along-track length of a frame's footprint on flat ground, metres (formula in the class
   * documentation).
   *
   * @param heightM camera height above the ground, metres
   * @param pitchDeg camera pitch, degrees, -90 = straight down
   * @param topHalfFovDeg angle from the optical axis to the image's top edge, degrees
   * @param bottomHalfFovDeg angle from the optical axis to the image's bottom edge, degrees
   */
  public static double footprintLengthM(double heightM, double pitchDeg, double topHalfFovDeg,
      double bottomHalfFovDeg) {
    double depressionDeg = -pitchDeg;
    double farDeg = Math.max(depressionDeg - topHalfFovDeg, FAR_EDGE_MIN_DEPRESSION_DEG);
    double nearDeg = depressionDeg + bottomHalfFovDeg;
    return heightM * (cot(farDeg) - cot(nearDeg));
  }

  private static Double heightAboveRoadM(CaptureMetadata metadata, SurveyProfile profile) {
    if (profile.groundElevationM() != null) {
      Double altitudeM = metadata.absoluteAltitudeM() != null ? metadata.absoluteAltitudeM()
          : metadata.gpsAltitudeM();
      return altitudeM == null ? null : altitudeM - profile.groundElevationM();
    }
    return metadata.relativeAltitudeM() == null ? null
        : metadata.relativeAltitudeM() - profile.groundHeightM();
  }

  private static double cot(double deg) {
    return 1 / Math.tan(Math.toRadians(deg));
  }
}
