package org.roadscan.detector.privacy;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Overlapping tiles of one size covering a frame, for networks whose cost per pixel rises with the
 * input size (issue #31: OpenCV 4.9 ran LPD-YuNet at 2.2 µs/px at 1280x720 but 0.7–1.0 µs/px up
 * to 640x640, {@code bench/README.md}; YuNet 0.2 µs/px at 960x960 but 0.85 µs/px at 4000x3000).
 * Every tile has the same size, at most {@code tilePx} on each axis, so the network is never
 * reshaped between tiles; the last tile of a row or column is
 * moved back to end at the frame's edge. Any object at most {@code overlapPx} wide (tall) lies
 * wholly inside at least one tile along x (y). Immutable, thread-safe.
 *
 * @param tilePx side of a tile in px of the searched image, at least {@code 2 × overlapPx}
 * @param overlapPx least overlap of neighbouring tiles in px
 */
public record TileGrid(int tilePx, int overlapPx) {

  public TileGrid {
    if (overlapPx < 0 || tilePx < 2 * overlapPx || tilePx < 1) {
      throw new IllegalArgumentException("tile " + tilePx + " px, overlap " + overlapPx + " px");
    }
  }

  /** A detector run on one tile of the searched image. */
  @FunctionalInterface
  interface TileDetector {
    /**
     * The regions in {@code tile}, a view of the searched image at ({@code dx}, {@code dy}); boxes
     * in px of the searched image multiplied by {@code scale}, that is in px of the frame.
     */
    List<PrivacyRegion> detect(Mat tile, int dx, int dy, double scale);
  }

  /**
   * One pass of a detector over a frame: the frame reduced by {@code reduction}
   * ({@link SearchScale#reduced}) and searched tile by tile; boxes in px of {@code bgr}.
   */
  List<PrivacyRegion> search(Mat bgr, double reduction, TileDetector detector) {
    Mat small = SearchScale.reduced(bgr, reduction);
    try {
      double scale = (double) bgr.cols() / small.cols();
      List<PrivacyRegion> found = new ArrayList<>();
      for (Rect t : tiles(small.cols(), small.rows())) {
        Mat tile = small.submat(t); // a view; the detector copies it once, into its input
        try {
          found.addAll(detector.detect(tile, t.x, t.y, scale));
        } finally {
          tile.release();
        }
      }
      return found;
    } finally {
      if (small != bgr) {
        small.release();
      }
    }
  }

  /**
   * The tiles of a {@code widthPx} × {@code heightPx} frame, row by row; one when it fits. Along
   * each axis the fewest tiles of at most {@code tilePx} are taken, then shrunk to share the frame
   * evenly (so a 2000 px side gets four 620 px tiles, not four of 640 px overlapping more).
   */
  public List<Rect> tiles(int widthPx, int heightPx) {
    int tw = side(widthPx);
    int th = side(heightPx);
    List<Rect> out = new ArrayList<>();
    for (int y : starts(heightPx, th)) {
      for (int x : starts(widthPx, tw)) {
        out.add(new Rect(x, y, tw, th));
      }
    }
    return out;
  }

  /** The side of the tiles along an axis of {@code length} px. */
  private int side(int length) {
    if (length <= tilePx) {
      return length;
    }
    int n = (int) Math.ceil((double) (length - overlapPx) / (tilePx - overlapPx));
    return (int) Math.ceil((double) (length + (n - 1L) * overlapPx) / n);
  }

  private List<Integer> starts(int length, int tile) {
    List<Integer> s = new ArrayList<>();
    int step = tile - overlapPx;
    for (int at = 0; ; at += step) {
      if (at + tile >= length) {
        s.add(length - tile);
        return s;
      }
      s.add(at);
    }
  }
}
