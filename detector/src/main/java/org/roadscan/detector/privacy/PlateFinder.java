package org.roadscan.detector.privacy;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.OpenCvNatives;

/**
 * Number plates through LPD-YuNet (OpenCV Zoo 2023mar) run by OpenCV's DNN module, with RoadScan's
 * own decoding of the network's three outputs ({@code loc}: 14 values per prior, {@code conf}:
 * background/plate, {@code iou}: predicted overlap). A prior is a square anchor of side
 * {@code minSize} px centred on a feature-map cell of stride 8, 16, 32 or 64; the plate's four
 * corners are at offsets {@code loc[4..7]} and {@code loc[10..13]} from the prior's centre, in
 * units of {@value #VARIANCE} × the prior's side. The score is {@code sqrt(conf × clamp(iou))};
 * the box of a plate is the axis-aligned hull of its four corners.
 *
 * <p>The anchors reach 256 px, so the frame is searched twice: a fine pass reduced by
 * {@link SearchScale} (at most {@value #MAX_REDUCTION}x, the most that keeps a 20 px plate at the
 * smallest anchor; frames up to 640 px at full size) and a coarse pass reduced
 * {@value #COARSE_REDUCTION}x further; both merged by NMS. Each pass runs the network on
 * overlapping 640 px tiles ({@link #TILES}): in OpenCV 4.9 its cost per pixel is 2–3 times
 * higher on larger inputs, so tiles are faster than one input and find the same plates.
 *
 * <p><b>Recall on European plates is poor</b>: the model learned Chinese (CCPD) plates. On the
 * recall set it blurs 1 of 12 Czech plates 5–15 px tall (the 15 px one), and 3 of the 12 when the
 * frames are enlarged until every plate is 20 px tall; issue #31's ≥ 0.95 is far from shown. Do
 * not rely on this finder alone: {@link Anonymizer} also blurs what {@link BrightPlateFinder}
 * finds.
 *
 * <p>Not thread-safe: OpenCV {@link Net}s, one per input size. Use one instance per thread;
 * {@link Anonymizer} lends each instance to one call at a time.
 */
public final class PlateFinder implements AutoCloseable {

  /** Lowest score kept: the zoo's default. Lower values find large phantom plates on road texture. */
  public static final double SCORE_THRESHOLD = 0.8;
  /** Overlap above which a lower-scored plate box is dropped (the zoo's value). */
  public static final double NMS_IOU = 0.3;
  /** Reduction of the second, coarse pass relative to the fine one. */
  public static final int COARSE_REDUCTION = 4;
  /**
   * Largest reduction of the fine pass: 2, from the anchors and issue #31's floor. The smallest
   * anchor is {@value #SMALLEST_ANCHOR_PX} px (stride 8), so a plate the floor protects, 20 px
   * tall, is still 10 px tall, one smallest anchor, after halving (a European plate is about 4.7
   * times as wide as tall, so it is then about 47 px wide, between the 32 and 48 px anchors).
   * Measured on the recall set enlarged so that every plate is at least 20 px tall
   * ({@code bench/privacy-recall.sh --enlarge-to-floor}, 2026-12-05): reduction 1 found 2 of 12,
   * 2 found 3, 3 and 4 found 1. Plates smaller than the floor lose from it (the 15 px plate of the
   * unenlarged set is lost at 1.5), which is why frames up to
   * {@link SearchScale#MIN_SEARCH_SIDE_PX} px, where such plates are the norm, are never reduced.
   */
  public static final double MAX_REDUCTION = 2;
  /**
   * Largest shorter side, in px of the network's input, of a plate's box (the hull of its four
   * corners); larger boxes are dropped by {@link #find} (not by the decoding itself, which stays
   * the zoo's). On nadir drone frames of a road the network answers the
   * road itself, a grey band across the frame, as a "plate" at scores up to 0.95 (boxes of about
   * 370 x 410 px in a 640 x 360 input, in all 10 sampled frames of {@code
   * sample-images/video/drone-nadir.mp4}: the potholes were blurred away), and on some input
   * shapes numeric garbage with corners near 1e38 at score 1.0 (a 160 x 90 coarse pass), which
   * clipping turned into a whole-frame blur.
   * A real plate is long and flat: its hull's shorter side stays below its length even rotated
   * (0.94 x the length at 45 degrees), and the anchors end at 256 px, so a plate whose hull is
   * more than 192 px across both ways in the fine pass is at most 64 px in the coarse pass,
   * {@value #COARSE_REDUCTION}x smaller, and found there. Only frames too small for a coarse pass
   * (shorter side under {@code 256 x} the fine reduction) lose such extreme close-ups.
   * {@code PlateFinderPlausibilityTest}.
   */
  public static final double MAX_SHORT_SIDE_PX = 192;
  /**
   * A box with a corner farther from the input's origin than this many input sides is dropped:
   * numeric garbage, not a plate (a plate is at least partly inside its input).
   */
  static final double FAR_OUTSIDE = 4;
  /** Side of the network's smallest anchor, in px of its input. */
  public static final int SMALLEST_ANCHOR_PX = 10;
  /** Scale of {@code loc} offsets relative to the prior's side. */
  public static final double VARIANCE = 0.1;

  /**
   * Tiles each pass is searched in: 640 px, the largest side measured at the network's low cost
   * per pixel (0.7–1.0 µs/px up to 640x640, 2.2–2.5 µs/px at 768x768 and above, OpenCV 4.9 on this
   * project's 2-core machine); overlap 160 px, so that a plate up to 160 px wide in the searched
   * image (about 34 px tall at 4.7:1) is whole in some tile; wider plates are also whole in the
   * coarse pass, {@value #COARSE_REDUCTION}x smaller.
   */
  public static final TileGrid TILES = new TileGrid(640, 160);

  private static final int[][] MIN_SIZES = {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}};
  private static final int[] STEPS = {8, 16, 32, 64};
  private static final List<String> OUTPUTS = List.of("loc", "conf", "iou");

  /** Most networks kept, one per input size (each about 1 MB). */
  static final int MAX_NETS = 8;

  private final NetsBySize nets;

  public PlateFinder(PrivacyModels models) {
    OpenCvNatives.ensureLoaded();
    nets = new NetsBySize(models.plate(), "plate model", MAX_NETS);
    nets.forSize(640, 640); // fails at construction, not at the first image, when the model is bad
  }

  /**
   * The plates in a BGR image, boxes in its pixels.
   *
   * @param bgr 8-bit, 3 channels; not modified
   */
  public List<PrivacyRegion> find(Mat bgr) {
    return find(bgr, SCORE_THRESHOLD);
  }

  /** As {@link #find(Mat)} with another score threshold (for recall measurements). */
  public List<PrivacyRegion> find(Mat bgr, double scoreThreshold) {
    return find(bgr, scoreThreshold, reduction(bgr));
  }

  /** The production reduction of the fine pass for a frame, {@link SearchScale}'s rule. */
  public static double reduction(Mat bgr) {
    return SearchScale.reduction(bgr.cols(), bgr.rows(), MAX_REDUCTION);
  }

  /** As {@link #find(Mat, double)} with the fine pass reduced by {@code reduction}. */
  public List<PrivacyRegion> find(Mat bgr, double scoreThreshold, double reduction) {
    return find(bgr, scoreThreshold, reduction, TILES);
  }

  /**
   * As {@link #find(Mat, double, double)}, each pass searched in the tiles of {@code tiles} (for
   * measurements: a grid with tiles larger than the frame searches it whole, as before issue #31's
   * speed work).
   */
  public List<PrivacyRegion> find(Mat bgr, double scoreThreshold, double reduction,
      TileGrid tiles) {
    List<PrivacyRegion> found = new ArrayList<>(pass(bgr, reduction, scoreThreshold, tiles));
    if (Math.min(bgr.cols(), bgr.rows()) >= 64 * COARSE_REDUCTION * reduction) {
      found.addAll(pass(bgr, reduction * COARSE_REDUCTION, scoreThreshold, tiles));
    }
    return RegionNms.apply(found, NMS_IOU).stream()
        .map(r -> FaceFinder.clip(r, bgr.cols(), bgr.rows())).filter(r -> r != null).toList();
  }

  private List<PrivacyRegion> pass(Mat bgr, double reduction, double scoreThreshold,
      TileGrid tiles) {
    return tiles.search(bgr, reduction, (tile, dx, dy, scale) -> {
      List<PrivacyRegion> found = new ArrayList<>();
      for (PrivacyRegion r : detect(tile, scale, scoreThreshold)) {
        PixelBox b = r.box();
        if (Math.min(b.x1() - b.x0(), b.y1() - b.y0()) / scale > MAX_SHORT_SIDE_PX) {
          continue; // a road band or numeric garbage, never a plate (MAX_SHORT_SIDE_PX)
        }
        found.add(new PrivacyRegion(r.kind(), new PixelBox(b.x0() + dx * scale,
            b.y0() + dy * scale, b.x1() + dx * scale, b.y1() + dy * scale), r.score()));
      }
      return found;
    });
  }

  /** One pass at the image's own size; boxes multiplied by {@code scale}. */
  List<PrivacyRegion> detect(Mat image, double scale, double scoreThreshold) {
    Mat input = MinimumInput.padded(image);
    try {
      try {
        return detectPadded(input, scale, scoreThreshold);
      } catch (NonFiniteOutput e) {
        // OpenCV 4.9 has answered NaN at 160x120 now and then (EndToEndTest, once in three full
        // builds): the network of that size is replaced by a fresh one and asked once more; a
        // second NaN refuses the image, never skips the search
        nets.forget(input.cols(), input.rows());
        return detectPadded(input, scale, scoreThreshold);
      }
    } finally {
      if (input != image) {
        input.release();
      }
    }
  }

  private List<PrivacyRegion> detectPadded(Mat image, double scale, double scoreThreshold) {
    int w = image.cols();
    int h = image.rows();
    float[] priors = priors(w, h);
    int n = priors.length / 4;
    Mat blob = Dnn.blobFromImage(image);
    Net net = nets.forSize(w, h);
    net.setInput(blob);
    List<Mat> outs = new ArrayList<>();
    net.forward(outs, OUTPUTS);
    blob.release();
    float[] loc = values(outs.get(0), n * 14, "loc");
    float[] conf = values(outs.get(1), n * 2, "conf");
    float[] iou = values(outs.get(2), n, "iou");
    outs.forEach(Mat::release);
    List<PrivacyRegion> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double overlap = Math.min(1, Math.max(0, iou[i]));
      double score = Math.sqrt(Math.max(0, conf[2 * i + 1]) * overlap);
      if (Double.isNaN(score)) {
        // seen with OpenCV 4.9 on one whole 2400x2400 input, never on tiles: refuse, never skip
        throw new NonFiniteOutput("plate network gave NaN at " + w + "x" + h);
      }
      if (score < scoreThreshold) {
        continue;
      }
      double cx = priors[4 * i];
      double cy = priors[4 * i + 1];
      double side = priors[4 * i + 2];
      double x0 = Double.MAX_VALUE;
      double y0 = Double.MAX_VALUE;
      double x1 = -Double.MAX_VALUE;
      double y1 = -Double.MAX_VALUE;
      for (int corner : new int[] {4, 6, 10, 12}) {
        double x = cx + loc[14 * i + corner] * VARIANCE * side;
        double y = cy + loc[14 * i + corner + 1] * VARIANCE * side;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
      if (!Double.isFinite(x0 + y0 + x1 + y1)) {
        throw new NonFiniteOutput("plate network gave a non-finite box at " + w + "x" + h);
      }
      if (Math.max(Math.abs(x0), Math.abs(x1)) > FAR_OUTSIDE * w
          || Math.max(Math.abs(y0), Math.abs(y1)) > FAR_OUTSIDE * h) {
        continue; // corners inputs away (up to ~1e34 seen, on grey frames under load): no plate
      }
      out.add(new PrivacyRegion(PrivacyRegion.Kind.PLATE,
          new PixelBox(x0 * scale, y0 * scale, x1 * scale, y1 * scale), Math.min(1, score)));
    }
    return RegionNms.apply(out, NMS_IOU);
  }

  /**
   * Anchors for an input of {@code w} × {@code h} px: per prior centre x, centre y and side twice
   * (x, y, side, side), in input pixels, in the network's output order (feature map, row, column,
   * size). The feature maps are the input halved twice with rounding up then down, then halved
   * again per level, as the network's strided convolutions produce them.
   */
  static float[] priors(int w, int h) {
    int fh = ((h + 1) / 2) / 2;
    int fw = ((w + 1) / 2) / 2;
    int count = 0;
    int[][] maps = new int[4][];
    for (int k = 0; k < 4; k++) {
      fh /= 2;
      fw /= 2;
      maps[k] = new int[] {fh, fw};
      count += fh * fw * MIN_SIZES[k].length;
    }
    float[] p = new float[count * 4];
    int j = 0;
    for (int k = 0; k < 4; k++) {
      for (int row = 0; row < maps[k][0]; row++) {
        for (int col = 0; col < maps[k][1]; col++) {
          for (int size : MIN_SIZES[k]) {
            p[j++] = (col + 0.5f) * STEPS[k];
            p[j++] = (row + 0.5f) * STEPS[k];
            p[j++] = size;
            p[j++] = size;
          }
        }
      }
    }
    return p;
  }

  private static float[] values(Mat m, int expected, String name) {
    if (m.total() * m.channels() != expected) {
      throw new IllegalStateException("plate model output " + name + " has " + m.total()
          + " values, the priors expect " + expected);
    }
    float[] v = new float[expected];
    m.reshape(1, 1).get(0, 0, v);
    return v;
  }

  /** The network answered NaN or an infinite box: numeric garbage, not a finding. */
  static final class NonFiniteOutput extends IllegalStateException {
    NonFiniteOutput(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    // Net's native object is freed by its finalizer in the 4.9 bindings; nothing to release here
  }
}
