package org.roadscan.detector.geo;

import java.util.Optional;

/**
 * An ideal pinhole camera (no lens distortion), in pixels of the image as stored. Camera axes: x to
 * the image's right, y to the image's bottom, z along the optical axis out of the lens; a pixel
 * (x, y) sees along the direction ((x - cx) / f, (y - cy) / f, 1). Pixel coordinates as in
 * {@link org.roadscan.detector.PixelBox}: origin at the top-left corner of the image. Immutable.
 *
 * @param focalLengthPx focal length in pixels (square pixels)
 * @param principalPointXPx where the optical axis meets the image, pixels from the left edge
 * @param principalPointYPx where the optical axis meets the image, pixels from the top edge
 * @param imageWidthPx image width, pixels
 * @param imageHeightPx image height, pixels
 */
public record PinholeCamera(double focalLengthPx, double principalPointXPx,
    double principalPointYPx, int imageWidthPx, int imageHeightPx) {

  /** Width of 35 mm film's frame, millimetres: the reference of EXIF FocalLengthIn35mmFilm. */
  public static final double FILM_35MM_WIDTH_MM = 36;

  public PinholeCamera {
    if (!(focalLengthPx > 0) || !Double.isFinite(focalLengthPx)) {
      throw new IllegalArgumentException("focalLengthPx must be positive: " + focalLengthPx);
    }
    if (!Double.isFinite(principalPointXPx) || !Double.isFinite(principalPointYPx)) {
      throw new IllegalArgumentException("principal point not finite");
    }
    if (imageWidthPx <= 0 || imageHeightPx <= 0) {
      throw new IllegalArgumentException("image size must be positive: "
          + imageWidthPx + "x" + imageHeightPx);
    }
  }

  /** A camera with its principal point at the image centre. */
  public static PinholeCamera centred(double focalLengthPx, int imageWidthPx, int imageHeightPx) {
    return new PinholeCamera(focalLengthPx, imageWidthPx / 2.0, imageHeightPx / 2.0,
        imageWidthPx, imageHeightPx);
  }

  /** Direction seen by a pixel, in camera axes, with z = 1 (not normalised). */
  public double[] rayCamera(double xPx, double yPx) {
    return new double[] {
        (xPx - principalPointXPx) / focalLengthPx, (yPx - principalPointYPx) / focalLengthPx, 1};
  }

  /**
   * The pixel that sees a direction given in camera axes.
   *
   * @return the pixel, or empty when the direction points behind the camera (z <= 0)
   */
  public Optional<ImagePoint> pixelOf(double xCam, double yCam, double zCam) {
    if (!(zCam > 0)) {
      return Optional.empty();
    }
    return Optional.of(new ImagePoint(principalPointXPx + focalLengthPx * xCam / zCam,
        principalPointYPx + focalLengthPx * yCam / zCam));
  }
}
