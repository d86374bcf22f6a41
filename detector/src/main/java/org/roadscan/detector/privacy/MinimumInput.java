package org.roadscan.detector.privacy;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Pads an image too small for a detector network: both privacy networks shrink their input
 * several times by strided convolutions, and a side that shrinks to nothing makes OpenCV's
 * forward pass fail (plates) or return garbage boxes with infinite coordinates (faces). The image
 * is extended on the right and bottom by repeating its last column and row, so pixel coordinates
 * are unchanged and no edge is drawn that a network could take for a plate (black padding around
 * a bright strip was). Stateless.
 */
final class MinimumInput {

  /** Smallest side both networks take: the plate network's fourth map is the input / 64. */
  static final int MIN_SIDE_PX = 64;

  private MinimumInput() {
  }

  /**
   * {@code image} itself when both sides are at least {@link #MIN_SIDE_PX}, else a padded copy
   * the caller must release.
   */
  static Mat padded(Mat image) {
    if (image.cols() >= MIN_SIDE_PX && image.rows() >= MIN_SIDE_PX) {
      return image;
    }
    Mat padded = new Mat();
    Core.copyMakeBorder(image, padded, 0, Math.max(0, MIN_SIDE_PX - image.rows()), 0,
        Math.max(0, MIN_SIDE_PX - image.cols()), Core.BORDER_REPLICATE);
    return padded;
  }
}
