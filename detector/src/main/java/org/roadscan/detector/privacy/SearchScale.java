package org.roadscan.detector.privacy;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The reduction at which a detector searches a frame (issue #31 speed): the cost of both networks
 * grows with the pixels searched, so a frame is searched at the smallest size where the smallest
 * region the issue protects (20 px tall) is still as tall as the network reliably finds. A frame
 * whose longer side is at most {@value #MIN_SEARCH_SIDE_PX} px is never reduced (a 600 px dashcam
 * frame's plates are mostly under 20 px tall; searching them at full size costs little), larger
 * frames are reduced until their longer side reaches {@value #MIN_SEARCH_SIDE_PX} px, but never by
 * more than the detector's own maximum. Pure functions of the frame size; thread-safe.
 *
 * <p>The maxima: {@link PlateFinder#MAX_REDUCTION} 2 (the 20 px floor over the plate model's
 * 10 px smallest anchor; no plate ≥ 20 px lost on the recall set enlarged to the floor),
 * {@link FaceFinder#MAX_REDUCTION} 1 (every reduction tried lost faces of the recall set).
 */
final class SearchScale {

  /** Longer side, in px, below which a frame is searched at full resolution. */
  static final int MIN_SEARCH_SIDE_PX = 640;

  private SearchScale() {
  }

  /**
   * The reduction (≥ 1) for a frame of {@code widthPx} × {@code heightPx}.
   *
   * @param maxReduction the detector's largest safe reduction: the height the issue protects
   *     (20 px) over the smallest height the network finds reliably, measured on the recall set
   */
  static double reduction(int widthPx, int heightPx, double maxReduction) {
    double bySide = (double) Math.max(widthPx, heightPx) / MIN_SEARCH_SIDE_PX;
    return Math.max(1, Math.min(maxReduction, bySide));
  }

  /** The frame reduced by {@code reduction} (area interpolation), or the frame itself at 1. */
  static Mat reduced(Mat bgr, double reduction) {
    if (reduction <= 1) {
      return bgr;
    }
    Mat small = new Mat();
    Imgproc.resize(bgr, small, new Size(Math.max(1, Math.round(bgr.cols() / reduction)),
        Math.max(1, Math.round(bgr.rows() / reduction))), 0, 0, Imgproc.INTER_AREA);
    return small;
  }
}
