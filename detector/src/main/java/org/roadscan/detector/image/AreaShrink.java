package org.roadscan.detector.image;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Shrinks an image by an integer factor with area averaging, the fast and alias-free way to bring
 * a large frame or tile near the model input size before the letterbox's bilinear step.
 *
 * <p>OpenCV's {@code INTER_AREA} takes a much faster path when the scale is an exact integer
 * (measured: 5.6 ms for a 1280 px tile by 4, but 109 ms for a 20 MP frame to 320 px by 17.1).
 * So the source is trimmed to a multiple of the factor first: up to {@code factor - 1} pixels at
 * the right and bottom edges are dropped, which the caller accounts for through {@link #width()}
 * and {@link #height()}. A point x of the shrunk image is {@code x * factor} in the source.
 * The caller releases {@link #image()}.
 *
 * @param image the shrunk image (a new matrix)
 * @param factor source pixels per shrunk pixel, at least 1
 */
public record AreaShrink(Mat image, int factor) {

  /** The factor that brings {@code longSidePx} closest to, but not below, {@code targetPx}. */
  public static int factorFor(int longSidePx, int targetPx) {
    return Math.max(1, longSidePx / targetPx);
  }

  /**
   * Shrinks {@code bgr} by {@code factor}; with factor 1 the result is a copy.
   *
   * @param bgr source image (not modified; a submatrix is fine)
   */
  public static AreaShrink of(Mat bgr, int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be >= 1: " + factor);
    }
    OpenCvNatives.ensureLoaded();
    int w = bgr.cols() / factor;
    int h = bgr.rows() / factor;
    if (w < 1 || h < 1) {
      throw new IllegalArgumentException("image " + bgr.cols() + "x" + bgr.rows()
          + " too small for factor " + factor);
    }
    Mat out = new Mat();
    if (factor == 1) {
      bgr.copyTo(out);
      return new AreaShrink(out, 1);
    }
    Mat trimmed = bgr.submat(new Rect(0, 0, w * factor, h * factor));
    try {
      Imgproc.resize(trimmed, out, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
    } finally {
      trimmed.release();
    }
    return new AreaShrink(out, factor);
  }

  /** Width of the shrunk image, px. */
  public int width() {
    return image.cols();
  }

  /** Height of the shrunk image, px. */
  public int height() {
    return image.rows();
  }
}
