package org.roadscan.detector.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfRect;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.RotatedRect;
import org.opencv.core.Size;
import org.opencv.features2d.MSER;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.OpenCvNatives;

/**
 * European number plates by their look, without a network (issue #31's fallback for what
 * {@link PlateFinder}'s Chinese-plate model misses): a plate is a bright rectangle, 2.5–7 times
 * as wide as tall, with dark marks (the characters) across its middle.
 *
 * <ol>
 *   <li>The grey frame is reduced as {@link PlateFinder}'s fine pass ({@link SearchScale}, at most
 *       {@value PlateFinder#MAX_REDUCTION}x, so a 20 px plate is still 10 px tall), then searched
 *       again {@value #COARSE_STEP}x and {@value #MAX_COARSE_REDUCTION}x smaller for plates too
 *       tall for the first pass (a car close by).
 *   <li>Candidates: maximally stable extremal regions (OpenCV MSER, delta {@value #MSER_DELTA},
 *       area {@value #MIN_AREA_PX}–{@value #MAX_AREA_PX} px) that are brighter than their bounding
 *       box (a plate's background, its characters being holes). Each region's smallest rotated
 *       rectangle, long side tilted at most {@value #MAX_TILT_DEG} degrees, must be
 *       {@value #MIN_HEIGHT_PX}–{@value #MAX_HEIGHT_PX} px across, {@value #MIN_ASPECT}–{@value
 *       #MAX_ASPECT} times as long, and filled to at least {@value #MIN_FILL}.
 *   <li>Check inside that rectangle turned upright, split into bright and dark by Otsu's
 *       threshold: the bright share {@value #MIN_BRIGHT_SHARE}–{@value #MAX_BRIGHT_SHARE}, bright
 *       minus dark mean at least {@value #MIN_CONTRAST} grey levels, and in the middle third of
 *       its rows (median) at least {@value #MIN_DARK_RUNS} separate dark runs: characters, not a
 *       single stripe. The region's axis-aligned box is what is blurred.
 * </ol>
 *
 * <p>Chosen on 2026-12-05 with seven Czech plates of RDD2022 frames outside the recall set (dev)
 * and, for false blur, 150 nadir drone frames and 150 Czech dashcam frames; the recall set was
 * looked at for three of the settings tried (bench/README.md, "European-plate fallback"). The
 * rotated rectangle and the coarser passes ({@code roadscan-anon-6}, 2026-12-06) were chosen on
 * 80 other Flickr photos with 43 plates at least 20 px tall (development set, not committed:
 * 20 of 43 found before, 32 after; tilts up to 45 degrees rather than 30 found two more),
 * at the price of about three times the false blur on dashcam frames (4.6 % of their pixels
 * instead of 1.4 %). Plates smaller than about 5 px after the
 * reduction, plates on a white car with no visible border, plates in deep shade and plates turned
 * more than 45 degrees are missed; it also blurs some sky patches between branches, white car
 * rears and façade patches. A fallback, not a detector to rely on alone.
 *
 * <p>Not thread-safe (one OpenCV MSER); use one instance per thread, as {@link Anonymizer} does.
 */
public final class BrightPlateFinder implements AutoCloseable {

  /** MSER stability step, grey levels. */
  static final int MSER_DELTA = 5;
  /** Smallest and largest candidate region, px of the searched (reduced) image. */
  static final int MIN_AREA_PX = 30;
  static final int MAX_AREA_PX = 20_000;
  /** MSER's largest relative area change across {@link #MSER_DELTA} levels. */
  static final double MAX_VARIATION = 0.5;
  /**
   * Box height limits, px of the searched image (reduced at most 2x: up to 60 px of the frame, a
   * plate a metre or two away in a 12 MP frame; taller regions were sky and building patches).
   */
  static final int MIN_HEIGHT_PX = 5;
  static final int MAX_HEIGHT_PX = 30;
  /** Width over height of the box (a European plate is about 4.7; tilted or cut ones less). */
  static final double MIN_ASPECT = 2.5;
  static final double MAX_ASPECT = 7;
  /** Region pixels over box pixels. */
  static final double MIN_FILL = 0.4;
  /** Share of the box brighter than its Otsu threshold. */
  static final double MIN_BRIGHT_SHARE = 0.3;
  static final double MAX_BRIGHT_SHARE = 0.9;
  /** Bright minus dark mean inside the box, grey levels. */
  static final double MIN_CONTRAST = 50;
  /** Median number of dark runs along the middle third of the box's rows. */
  static final double MIN_DARK_RUNS = 3;
  /**
   * Coarser passes, each {@value #COARSE_STEP}x smaller than the last, down to {@value
   * #MAX_COARSE_REDUCTION}x the fine pass: plates {@value #MIN_HEIGHT_PX}–{@value #MAX_HEIGHT_PX}
   * px tall in the coarsest are up to 120 px tall in the fine pass (as far as {@link
   * PlateFinder}'s coarse pass reaches). Steps of 2 rather than one jump of 4: a plate's
   * characters must still be resolved for the look check.
   */
  static final int COARSE_STEP = 2;
  static final int MAX_COARSE_REDUCTION = 4;
  /** Largest tilt of a plate's long side from the horizontal, degrees. */
  static final double MAX_TILT_DEG = 45;
  /** Tilt below which the look check runs on the axis-aligned box without turning it. */
  static final double STRAIGHT_DEG = 3;
  /** Score given to its plates (below the network's threshold: they are less certain). */
  public static final double SCORE = 0.5;

  private final MSER mser;

  public BrightPlateFinder() {
    OpenCvNatives.ensureLoaded();
    mser = MSER.create(MSER_DELTA, MIN_AREA_PX, MAX_AREA_PX, MAX_VARIATION);
  }

  /**
   * The plates in a BGR image, boxes in its pixels, each scored {@value #SCORE}.
   *
   * @param bgr 8-bit, 3 channels; not modified
   */
  public List<PrivacyRegion> find(Mat bgr) {
    double reduction = PlateFinder.reduction(bgr);
    Mat small = SearchScale.reduced(bgr, reduction);
    Mat grey = new Mat();
    Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
    if (small != bgr) {
      small.release();
    }
    try {
      List<PrivacyRegion> found = new ArrayList<>(pass(grey, bgr.cols()));
      // plates taller than the fine pass's limit, a car close by, are found in coarser passes
      for (int k = COARSE_STEP; grey.rows() > k * MAX_HEIGHT_PX / COARSE_STEP
          && k <= MAX_COARSE_REDUCTION; k *= COARSE_STEP) {
        Mat coarse = SearchScale.reduced(grey, k);
        try {
          found.addAll(pass(coarse, bgr.cols()));
        } finally {
          coarse.release();
        }
      }
      // equal scores: the NMS keeps the first, so the largest of overlapping boxes (the plate's
      // whole background, not a part of it) is kept; the sort is stable
      found.sort(Comparator.comparingDouble((PrivacyRegion r) -> r.box().area()).reversed());
      return RegionNms.apply(found, PlateFinder.NMS_IOU);
    } finally {
      grey.release();
    }
  }

  /** The plates of one searched grey image, boxes in px of a frame {@code frameWidthPx} wide. */
  private List<PrivacyRegion> pass(Mat grey, int frameWidthPx) {
    double scale = (double) frameWidthPx / grey.cols();
    List<PrivacyRegion> found = new ArrayList<>();
    for (Rect r : plates(grey)) {
      found.add(new PrivacyRegion(PrivacyRegion.Kind.PLATE, new PixelBox(r.x * scale,
          r.y * scale, (r.x + r.width) * scale, (r.y + r.height) * scale), SCORE));
    }
    return found;
  }

  /** Smallest side OpenCV 4.9's MSER accepts. */
  private static final int MSER_MIN_SIDE_PX = 3;

  /** Boxes of the plates in an 8-bit grey image, in its pixels. */
  List<Rect> plates(Mat grey) {
    if (grey.cols() < MSER_MIN_SIDE_PX || grey.rows() < MSER_MIN_SIDE_PX) {
      // OpenCV's MSER refuses smaller inputs (a 1 x 1 upload threw); no plate fits in them
      return List.of();
    }
    List<MatOfPoint> regions = new ArrayList<>();
    MatOfRect boxes = new MatOfRect();
    mser.detectRegions(grey, regions, boxes);
    Rect[] rects = boxes.toArray();
    List<Rect> out = new ArrayList<>();
    for (int i = 0; i < rects.length; i++) {
      Rect r = rects[i];
      MatOfPoint pts = regions.get(i);
      if (roughlyPlateSized(r)) {
        Point[] p = pts.toArray();
        Upright u = upright(p);
        if (u != null && isCandidate(grey, r, p, u) && looksLikePlate(grey, r, u)) {
          out.add(r);
        }
      }
      pts.release();
    }
    boxes.release();
    return out;
  }

  /**
   * A region's rotated bounding rectangle (OpenCV's {@code minAreaRect}) seen with its long side
   * horizontal: a plate photographed at an angle, or on a car standing askew, is a tilted
   * rectangle whose axis-aligned box is too tall for the aspect and fill checks.
   *
   * @param tiltDeg angle of the long side from the image's x axis (y down), -90 to 90
   */
  private record Upright(Point centre, double longPx, double shortPx, double tiltDeg) {
  }

  /** The region upright, or null when its long side is tilted more than {@value #MAX_TILT_DEG}. */
  private static Upright upright(Point[] p) {
    MatOfPoint2f pts = new MatOfPoint2f(p);
    RotatedRect rr = Imgproc.minAreaRect(pts);
    pts.release();
    Point[] c = new Point[4];
    rr.points(c);
    double e1 = Math.hypot(c[1].x - c[0].x, c[1].y - c[0].y);
    double e2 = Math.hypot(c[2].x - c[1].x, c[2].y - c[1].y);
    Point a = e1 >= e2 ? c[0] : c[1];
    Point b = e1 >= e2 ? c[1] : c[2];
    double tilt = Math.toDegrees(Math.atan2(b.y - a.y, b.x - a.x));
    if (tilt > 90) {
      tilt -= 180;
    } else if (tilt <= -90) {
      tilt += 180;
    }
    if (Math.abs(tilt) > MAX_TILT_DEG) {
      return null;
    }
    // MSER points are pixel centres: the region spans one more pixel than their hull
    return new Upright(rr.center, Math.max(e1, e2) + 1, Math.min(e1, e2) + 1, tilt);
  }

  /** Cheap pre-check on the axis-aligned box before the rotated rectangle is fitted. */
  private static boolean roughlyPlateSized(Rect r) {
    return r.height >= MIN_HEIGHT_PX && r.width >= MIN_ASPECT * MIN_HEIGHT_PX
        && r.height <= 2 * MAX_HEIGHT_PX && r.width >= r.height;
  }

  private static boolean isCandidate(Mat grey, Rect r, Point[] p, Upright u) {
    if (u.shortPx() < MIN_HEIGHT_PX || u.shortPx() > MAX_HEIGHT_PX) {
      return false;
    }
    double aspect = u.longPx() / u.shortPx();
    if (aspect < MIN_ASPECT || aspect > MAX_ASPECT) {
      return false;
    }
    if (p.length < MIN_FILL * u.longPx() * u.shortPx()) {
      return false;
    }
    // a bright region (the plate's background), not a dark one (its characters, a tyre)
    double sum = 0;
    byte[] px = new byte[1];
    for (Point q : p) {
      grey.get((int) q.y, (int) q.x, px);
      sum += px[0] & 0xff;
    }
    Mat box = grey.submat(r);
    double boxMean = Core.mean(box).val[0];
    box.release();
    return sum / p.length >= boxMean;
  }

  /**
   * The look check on the region's rectangle turned upright (tilts under {@value
   * #STRAIGHT_DEG} degrees are checked on the axis-aligned box as they are).
   */
  private static boolean looksLikePlate(Mat grey, Rect r, Upright u) {
    if (Math.abs(u.tiltDeg()) < STRAIGHT_DEG) {
      return looksLikePlate(grey, r);
    }
    Mat roi = grey.submat(r);
    Mat turned = new Mat();
    Mat patch = new Mat();
    try {
      Point centre = new Point(u.centre().x - r.x, u.centre().y - r.y);
      Mat m = Imgproc.getRotationMatrix2D(centre, u.tiltDeg(), 1);
      Imgproc.warpAffine(roi, turned, m, roi.size(), Imgproc.INTER_LINEAR,
          Core.BORDER_REPLICATE);
      m.release();
      int w = (int) Math.round(u.longPx());
      int h = (int) Math.round(u.shortPx());
      Imgproc.getRectSubPix(turned, new Size(w, h), centre, patch);
      return looksLikePlate(patch, new Rect(0, 0, w, h));
    } finally {
      roi.release();
      turned.release();
      patch.release();
    }
  }

  /** Otsu split inside the box: bright share, contrast, and dark runs across the middle. */
  static boolean looksLikePlate(Mat grey, Rect r) {
    Mat box = grey.submat(r);
    Mat bin = new Mat();
    try {
      Imgproc.threshold(box, bin, 0, 255, Imgproc.THRESH_BINARY | Imgproc.THRESH_OTSU);
      int bright = Core.countNonZero(bin);
      int all = r.width * r.height;
      if (bright == 0 || bright == all) {
        return false;
      }
      double share = (double) bright / all;
      if (share < MIN_BRIGHT_SHARE || share > MAX_BRIGHT_SHARE) {
        return false;
      }
      double brightMean = Core.mean(box, bin).val[0];
      Mat dark = new Mat();
      Core.bitwise_not(bin, dark);
      double darkMean = Core.mean(box, dark).val[0];
      dark.release();
      if (brightMean - darkMean < MIN_CONTRAST) {
        return false;
      }
      return medianDarkRuns(bin) >= MIN_DARK_RUNS;
    } finally {
      bin.release();
      box.release();
    }
  }

  /** Median over the middle third of the rows of the number of runs of 0 in a binary image. */
  static double medianDarkRuns(Mat bin) {
    int h = bin.rows();
    int w = bin.cols();
    int from = h / 3;
    int to = Math.max(from + 1, 2 * h / 3);
    byte[] row = new byte[w];
    double[] runs = new double[to - from];
    for (int y = from; y < to; y++) {
      bin.get(y, 0, row);
      int n = 0;
      boolean inDark = false;
      for (byte b : row) {
        boolean d = b == 0;
        if (d && !inDark) {
          n++;
        }
        inDark = d;
      }
      runs[y - from] = n;
    }
    java.util.Arrays.sort(runs);
    int m = runs.length;
    return m % 2 == 1 ? runs[m / 2] : (runs[m / 2 - 1] + runs[m / 2]) / 2;
  }

  @Override
  public void close() {
    // MSER's native object is freed by its finalizer in the 4.9 bindings
  }
}
