package org.roadscan.detector.privacy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.OpenCvNatives;

/**
 * Number plates of any country through PlateNet, RoadScan's own small centre-point network
 * (issue #31; {@code models/privacy/plate-platenet/MODEL_CARD.md}), trained on synthetic European,
 * US, Japanese, Gulf and dark plates pasted onto real street, dashcam and drone photos, because
 * the LPD-YuNet network ({@link PlateFinder}) learned Chinese plates only. Its one output, at a
 * quarter of the input's resolution, holds per cell the plate-centre probability, the box's
 * width and height as {@code log(px / 4)} and the centre's offset within the cell; a plate is a
 * cell that is the largest of its 3 × 3 neighbours and scores at least the threshold.
 *
 * <p><b>A candidate, not used by {@link Anonymizer}</b>: beside the production finders it blurred
 * 17 instead of 14 of the recall set's 18 sharp plates ≥ 20 px, but it also takes the pothole
 * photos pasted into the sample drone flight for plates (scores up to 0.42) and, in the synthetic
 * vehicle run, a road edge (up to 0.66): a blurred pothole is a lost repair. Measured with {@code
 * PrivacyRecallBench --plate-net}; the model card has the figures and what it would take.
 *
 * <p>The frame is searched once, reduced like the LPD network's fine pass
 * ({@link PlateFinder#reduction}, at most 2x: a 20 px plate is then 10 px, inside the trained
 * range), in {@link PlateFinder#TILES}: trained on plates 7–100 px tall
 * in images of 500–1,600 px, it needs no coarse pass for the plates a frame of that size shows.
 *
 * <p>Not thread-safe (OpenCV networks); one instance per thread.
 */
public final class PlateNetFinder implements AutoCloseable {

  /** Lowest centre probability kept: the lowest the model card's shipping rule allowed. */
  public static final double SCORE_THRESHOLD = 0.3;
  /** Output cells per input px along each axis: the network's stride. */
  static final int STRIDE = 4;
  /** Input sides must be multiples of this (the network halves its input five times). */
  static final int INPUT_MULTIPLE = 32;
  /** Overlap above which a lower-scored box is dropped. */
  static final double NMS_IOU = 0.3;

  private final NetsBySize nets;

  /** @param model the ONNX export, {@code models/privacy/plate-platenet/platenet-2026dec.onnx} */
  public PlateNetFinder(Path model) {
    OpenCvNatives.ensureLoaded();
    nets = new NetsBySize(model, "plate network", PlateFinder.MAX_NETS);
    nets.forSize(640, 640); // fails at construction, not at the first image, when the model is bad
  }

  /** The plates in a BGR image, boxes in its pixels; {@code bgr} is not modified. */
  public List<PrivacyRegion> find(Mat bgr) {
    return find(bgr, SCORE_THRESHOLD);
  }

  /** As {@link #find(Mat)} with another threshold (for recall measurements). */
  public List<PrivacyRegion> find(Mat bgr, double scoreThreshold) {
    List<PrivacyRegion> found = PlateFinder.TILES.search(bgr, PlateFinder.reduction(bgr),
        (tile, dx, dy, scale) -> detect(tile, dx, dy, scale, scoreThreshold));
    return RegionNms.apply(found, NMS_IOU).stream()
        .map(r -> FaceFinder.clip(r, bgr.cols(), bgr.rows())).filter(r -> r != null).toList();
  }

  private List<PrivacyRegion> detect(Mat tile, int dx, int dy, double scale, double threshold) {
    int w = roundUp(tile.cols());
    int h = roundUp(tile.rows());
    Mat input = tile;
    if (w != tile.cols() || h != tile.rows()) {
      input = new Mat();
      Core.copyMakeBorder(tile, input, 0, h - tile.rows(), 0, w - tile.cols(),
          Core.BORDER_REPLICATE);
    }
    Mat blob = Dnn.blobFromImage(input); // BGR, 0..255: the network scales it itself
    if (input != tile) {
      input.release();
    }
    Net net = nets.forSize(w, h);
    net.setInput(blob);
    Mat out = net.forward();
    blob.release();
    int gw = w / STRIDE;
    int gh = h / STRIDE;
    float[] v = new float[5 * gw * gh];
    if (out.total() != v.length) {
      out.release();
      throw new IllegalStateException("plate network answered " + out.total() + " values for "
          + w + "x" + h + ", expected " + v.length);
    }
    out.reshape(1, 1).get(0, 0, v);
    out.release();
    return decode(v, gw, gh, threshold, tile.cols(), tile.rows(), dx, dy, scale);
  }

  /**
   * The plates in one output: {@code v} holds five planes of {@code gw × gh} (centre probability,
   * log width, log height, offset x, offset y); boxes centred in the visible {@code tileW × tileH}
   * part, shifted by ({@code dx}, {@code dy}) and multiplied by {@code scale}.
   */
  static List<PrivacyRegion> decode(float[] v, int gw, int gh, double threshold, int tileW,
      int tileH, int dx, int dy, double scale) {
    int plane = gw * gh;
    List<PrivacyRegion> out = new ArrayList<>();
    for (int y = 0; y < gh; y++) {
      for (int x = 0; x < gw; x++) {
        float s = v[y * gw + x];
        if (!(s >= threshold) || !isPeak(v, gw, gh, x, y)) {
          continue; // NaN is not a peak either: it fails the first test
        }
        int i = y * gw + x;
        double cx = (x + v[3 * plane + i]) * STRIDE;
        double cy = (y + v[4 * plane + i]) * STRIDE;
        if (cx >= tileW || cy >= tileH) {
          continue; // centred in the padding
        }
        double bw = Math.exp(Math.min(8, v[plane + i])) * STRIDE;
        double bh = Math.exp(Math.min(8, v[2 * plane + i])) * STRIDE;
        if (!Double.isFinite(cx + cy + bw + bh)) {
          continue;
        }
        out.add(new PrivacyRegion(PrivacyRegion.Kind.PLATE, new PixelBox(
            (dx + cx - bw / 2) * scale, (dy + cy - bh / 2) * scale,
            (dx + cx + bw / 2) * scale, (dy + cy + bh / 2) * scale), Math.min(1, s)));
      }
    }
    return out;
  }

  private static boolean isPeak(float[] heat, int gw, int gh, int x, int y) {
    float s = heat[y * gw + x];
    for (int j = Math.max(0, y - 1); j <= Math.min(gh - 1, y + 1); j++) {
      for (int i = Math.max(0, x - 1); i <= Math.min(gw - 1, x + 1); i++) {
        if (heat[j * gw + i] > s) {
          return false;
        }
      }
    }
    return true;
  }

  private static int roundUp(int side) {
    int s = Math.max(side, MinimumInput.MIN_SIDE_PX);
    return (s + INPUT_MULTIPLE - 1) / INPUT_MULTIPLE * INPUT_MULTIPLE;
  }

  @Override
  public void close() {
    // Net's native object is freed by its finalizer in the 4.9 bindings; nothing to release here
  }
}
