package org.roadscan.detector.geo;

import java.util.Locale;
import java.util.Optional;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * A capture's pinhole camera and where its numbers came from. Immutable.
 *
 * <p>{@link #of} takes the first source that applies, most trustworthy first:
 * <ol>
 *   <li>the survey's {@link CameraOverride} (the user knows their camera best);
 *   <li>DJI XMP {@code CalibratedFocalLength} (pixels, from the factory calibration) with
 *       {@code CalibratedOpticalCenterX/Y} as principal point when present;
 *   <li>EXIF {@code FocalLength} mm × {@code FocalPlaneXResolution} px/mm (the physical pixel
 *       pitch), if the resulting field of view is plausible (5°..170° across the long side);
 *   <li>EXIF {@code FocalLengthIn35mmFilm}: f px = f35 / 36 mm × image long side px (some makers
 *       scale by the diagonal instead, a 4 % difference for 4:3 images);
 *   <li>EXIF {@code FocalLength} mm / sensor width mm ({@link CameraSensor} table by EXIF Model) ×
 *       image long side px.
 * </ol>
 * Calibration values (2, 3) describe the image at the size the camera wrote it, EXIF
 * {@code ExifImageWidth}; a file resized since then is scaled by its width / ExifImageWidth. The
 * principal point is the image centre unless a source gives it. All in the stored frame (before EXIF
 * Orientation). No source: empty, and the caller refuses to project rather than guess.
 *
 * @param camera the camera, in pixels of the stored image
 * @param source human-readable name of the source, e.g. {@code "FocalLengthIn35mmFilm"}
 */
public record CameraIntrinsics(PinholeCamera camera, String source) {

  /** Narrowest and widest plausible horizontal field of view, degrees. */
  static final double MIN_FOV_DEG = 5;
  static final double MAX_FOV_DEG = 170;

  public CameraIntrinsics {
    if (camera == null || source == null) {
      throw new IllegalArgumentException("camera and source are required");
    }
  }

  /**
   * The intrinsics of a capture.
   *
   * @param metadata the capture's metadata
   * @param override the survey's override, or null
   * @return the intrinsics, or empty when no source applies
   * @throws CaptureException INVALID_METADATA ({@code CalibratedOpticalCenterX} or {@code Y}) when
   *     the calibrated principal point lies outside the image (a cropped image); INVALID_METADATA
   *     ({@code profile.camera}) when the override's principal point lies outside the image
   */
  public static Optional<CameraIntrinsics> of(CaptureMetadata metadata, CameraOverride override)
      throws CaptureException {
    int widthPx = metadata.imageWidthPx();
    int heightPx = metadata.imageHeightPx();
    if (widthPx <= 0 || heightPx <= 0) {
      return Optional.empty();
    }
    double longSidePx = Math.max(widthPx, heightPx);
    if (override != null) {
      Optional<CameraIntrinsics> fromOverride = fromOverride(metadata, override, longSidePx);
      if (fromOverride.isPresent()) {
        return fromOverride;
      }
    }
    Integer writtenWidthPx = metadata.exifImageWidthPx();
    double scale = writtenWidthPx == null ? 1 : (double) widthPx / writtenWidthPx;
    Double calibratedPx = metadata.calibratedFocalLengthPx();
    if (calibratedPx != null && calibratedPx > 0) {
      Double cx = metadata.calibratedOpticalCenterXPx();
      Double cy = metadata.calibratedOpticalCenterYPx();
      double cxPx = cx == null ? widthPx / 2.0 : cx * scale;
      double cyPx = cy == null ? heightPx / 2.0 : cy * scale;
      requireInside(cxPx, widthPx, "CalibratedOpticalCenterX");
      requireInside(cyPx, heightPx, "CalibratedOpticalCenterY");
      String source = "CalibratedFocalLength" + (cx == null ? "" : " and CalibratedOpticalCenter")
          + (scale == 1 ? "" : String.format(Locale.ROOT, ", scaled by %.4f", scale));
      return Optional.of(new CameraIntrinsics(
          new PinholeCamera(calibratedPx * scale, cxPx, cyPx, widthPx, heightPx), source));
    }
    Double focalMm = metadata.focalLengthMm();
    Double pxPerMm = metadata.focalPlaneXResolutionPxPerMm();
    if (focalMm != null && pxPerMm != null) {
      double focalPx = focalMm * pxPerMm * scale;
      if (plausible(focalPx, longSidePx)) {
        return Optional.of(new CameraIntrinsics(PinholeCamera.centred(focalPx, widthPx, heightPx),
            "FocalLength and FocalPlaneXResolution"));
      }
    }
    Double focal35Mm = metadata.focalLength35mmEq();
    if (focal35Mm != null && focal35Mm > 0) {
      return Optional.of(new CameraIntrinsics(PinholeCamera.centred(
          focal35Mm / PinholeCamera.FILM_35MM_WIDTH_MM * longSidePx, widthPx, heightPx),
          "FocalLengthIn35mmFilm"));
    }
    if (focalMm == null) {
      return Optional.empty();
    }
    return CameraSensor.forModel(metadata.cameraModel()).map(sensor -> new CameraIntrinsics(
        PinholeCamera.centred(focalMm / sensor.sensorWidthMm() * longSidePx, widthPx, heightPx),
        "FocalLength and the sensor width of the " + sensor.description()));
  }

  private static Optional<CameraIntrinsics> fromOverride(CaptureMetadata metadata,
      CameraOverride override, double longSidePx) throws CaptureException {
    int widthPx = metadata.imageWidthPx();
    int heightPx = metadata.imageHeightPx();
    double focalPx;
    if (override.focalLengthPx() != null) {
      focalPx = override.focalLengthPx();
    } else {
      Double focalMm = override.focalLengthMm() != null ? override.focalLengthMm()
          : metadata.focalLengthMm();
      if (focalMm == null) {
        return Optional.empty();
      }
      focalPx = focalMm / override.sensorWidthMm() * longSidePx;
    }
    double cxPx = override.principalPointXPx() == null ? widthPx / 2.0
        : override.principalPointXPx();
    double cyPx = override.principalPointYPx() == null ? heightPx / 2.0
        : override.principalPointYPx();
    requireInside(cxPx, widthPx, "profile.camera.principalPointXPx");
    requireInside(cyPx, heightPx, "profile.camera.principalPointYPx");
    return Optional.of(new CameraIntrinsics(
        new PinholeCamera(focalPx, cxPx, cyPx, widthPx, heightPx), "survey profile"));
  }

  private static boolean plausible(double focalPx, double longSidePx) {
    double fovDeg = 2 * Math.toDegrees(Math.atan(longSidePx / 2 / focalPx));
    return fovDeg >= MIN_FOV_DEG && fovDeg <= MAX_FOV_DEG;
  }

  private static void requireInside(double valuePx, int sizePx, String tag)
      throws CaptureException {
    if (!(valuePx > 0 && valuePx < sizePx)) {
      throw new CaptureException(Reason.INVALID_METADATA, tag, String.format(Locale.ROOT,
          "%s puts the principal point at %.1f px, outside the image (0..%d px); was the image"
              + " cropped after capture?", tag, valuePx, sizePx));
    }
  }
}
