package org.roadscan.detector.model;

/**
 * How {@link DamageDetector} cuts large frames: overlapping square tiles, each shrunk to the model
 * input, plus optionally one shrunk pass over the whole frame for damage larger than a tile.
 * Images whose long side is at most {@code singlePassMaxSidePx} get one letterboxed pass only.
 * Immutable.
 *
 * <p>The defaults were chosen by measurement on a 2-core CPU with the 320 px model (one intra-op
 * thread, a training job loading the machine): a 20 MP frame (5472 x 3648) becomes 6 x 4 tiles
 * of 1280 px, each area-shrunk exactly 4x, plus one full-frame pass: 25 forward passes, median
 * 1.0 s (plus about 0.25 s to decode the JPEG; since the JPEG decoder shrinks such a frame by
 * 4 itself, decoding and all 25 passes take about 0.5 s). 1024 px tiles took 36 passes (about
 * 1.6-2.4 s, over budget); 1536 px tiles 16 passes (0.6 s) but shrink damage 4.8x. A 1280 px
 * tile keeps a 40 px pothole at 10 input px; smaller tiles find smaller damage but cost time in
 * proportion to their count.
 *
 * @param tileSizePx tile side in source pixels
 * @param overlapPx minimum overlap of neighbouring tiles in source pixels; damage smaller than
 *     this is always whole in at least one tile
 * @param fullFramePass whether to add one pass over the whole (shrunk) frame
 * @param singlePassMaxSidePx images with a long side up to this many pixels are not tiled
 */
public record Slicing(int tileSizePx, int overlapPx, boolean fullFramePass,
    int singlePassMaxSidePx) {

  /** Measured defaults: 1280 px tiles, 256 px overlap, full-frame pass, tiling above 640 px. */
  public static final Slicing DEFAULT = new Slicing(1280, 256, true, 640);

  /** Never tile: every image gets one letterboxed pass, exactly like the Python reference. */
  public static final Slicing DISABLED = new Slicing(1280, 256, false, Integer.MAX_VALUE);

  public Slicing {
    if (tileSizePx < 32 || overlapPx < 0 || overlapPx >= tileSizePx) {
      throw new IllegalArgumentException("need tileSizePx >= 32 and 0 <= overlapPx < tileSizePx, got "
          + tileSizePx + " and " + overlapPx);
    }
    if (singlePassMaxSidePx < 1) {
      throw new IllegalArgumentException("singlePassMaxSidePx must be positive: " + singlePassMaxSidePx);
    }
  }

  /**
   * The same tiling for a frame decoded at 1/{@code reduction} of its size: tile side, overlap and
   * single-pass limit divided by {@code reduction} (rounded down; 1 gives this slicing).
   */
  public Slicing reducedBy(int reduction) {
    if (reduction < 1) {
      throw new IllegalArgumentException("reduction must be >= 1: " + reduction);
    }
    return reduction == 1 ? this : new Slicing(tileSizePx / reduction, overlapPx / reduction,
        fullFramePass, Math.max(1, singlePassMaxSidePx / reduction));
  }

  /** Whether an image of this size is tiled. */
  public boolean tiles(int width, int height) {
    return Math.max(width, height) > singlePassMaxSidePx;
  }
}
