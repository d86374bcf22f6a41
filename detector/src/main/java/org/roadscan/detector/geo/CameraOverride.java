package org.roadscan.detector.geo;

/**
 * Camera intrinsics given by the user for a survey, for cameras whose files do not say enough (or
 * say it wrongly). Either {@code focalLengthPx}, or {@code sensorWidthMm} (with {@code focalLengthMm}
 * or the image's EXIF FocalLength). Values refer to the image as uploaded, in the orientation it is
 * stored in (before EXIF Orientation is applied). Immutable.
 *
 * @param focalLengthPx focal length in pixels, or null
 * @param focalLengthMm focal length in millimetres (overrides EXIF FocalLength), or null
 * @param sensorWidthMm width of the sensor's long side in millimetres, or null
 * @param principalPointXPx where the optical axis meets the image, pixels from the left edge; null
 *     for the image centre
 * @param principalPointYPx the same, pixels from the top edge; null for the image centre
 */
public record CameraOverride(Double focalLengthPx, Double focalLengthMm, Double sensorWidthMm,
    Double principalPointXPx, Double principalPointYPx) {

  public CameraOverride {
    requirePositive(focalLengthPx, "focalLengthPx");
    requirePositive(focalLengthMm, "focalLengthMm");
    requirePositive(sensorWidthMm, "sensorWidthMm");
    if (focalLengthPx == null && sensorWidthMm == null) {
      throw new IllegalArgumentException(
          "give focalLengthPx, or sensorWidthMm (with focalLengthMm or the image's FocalLength)");
    }
    if (focalLengthPx != null && (focalLengthMm != null || sensorWidthMm != null)) {
      throw new IllegalArgumentException(
          "give focalLengthPx or focalLengthMm/sensorWidthMm, not both");
    }
    if ((principalPointXPx == null) != (principalPointYPx == null)) {
      throw new IllegalArgumentException("give both principalPointXPx and principalPointYPx, or neither");
    }
    if (principalPointXPx != null && !(principalPointXPx >= 0 && principalPointYPx >= 0
        && Double.isFinite(principalPointXPx) && Double.isFinite(principalPointYPx))) {
      throw new IllegalArgumentException("principal point must be finite and >= 0");
    }
  }

  /** An override by focal length in pixels, principal point at the image centre. */
  public static CameraOverride ofFocalLengthPx(double focalLengthPx) {
    return new CameraOverride(focalLengthPx, null, null, null, null);
  }

  private static void requirePositive(Double value, String name) {
    if (value != null && !(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be a positive number: " + value);
    }
  }
}
