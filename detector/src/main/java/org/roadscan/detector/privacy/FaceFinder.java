package org.roadscan.detector.privacy;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.objdetect.FaceDetectorYN;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.OpenCvNatives;

/**
 * Faces through OpenCV's {@code FaceDetectorYN} (YuNet 2023mar). YuNet finds faces of about
 * 10–300 px, so the frame is searched twice: a fine pass reduced by {@link SearchScale} (at most
 * {@value #MAX_REDUCTION}x, that is at full resolution) and a coarse pass reduced
 * {@value #COARSE_REDUCTION}x further (close-ups up to about 1,200 px), each in {@link #TILES}.
 * The two passes are merged by NMS.
 *
 * <p>Not thread-safe: the detector holds one OpenCV network. Use one instance per thread;
 * {@link Anonymizer} lends each instance to one call at a time. {@link #close()} frees the native
 * network.
 */
public final class FaceFinder implements AutoCloseable {

  /**
   * Lowest score kept. Far below the zoo's 0.9 on purpose: a missed face costs more than a blur.
   * On the first (pre-blurred) faces 0.6 blurred 8 of 19, 0.3 16 (0.2: no more). On 97 sharp faces
   * of a development set ({@code bench/privacy-dev/}) faces of 20 px and more were 21 of 32 at
   * 0.3, 23 at 0.25, 24 at 0.2; but at 0.25 the pothole of {@code
   * gelsenkirchen-kurt-schumacher-str-pothole.jpg} is a 230 x 244 px "face" (score 0.285) and was
   * blurred away before analysis (PageBrowserTest found no damage), and at 0.2 1.1 % of nadir drone
   * frames' pixels were blurred; so 0.3 stays: a blurred pothole is a lost repair.
   */
  public static final float SCORE_THRESHOLD = 0.3f;
  /** Overlap above which a lower-scored face box is dropped. */
  public static final float NMS_IOU = 0.3f;
  /** Reduction of the second, coarse pass relative to the fine one. */
  public static final int COARSE_REDUCTION = 4;
  /**
   * Largest reduction of the fine pass. 1, measured, although YuNet's finest stride (8 px) and
   * its nominal 10 px smallest face would allow 2 for issue #31's 20 px floor: on the recall set's
   * faces (31–48 px, already lightly blurred by their source) reduction 1.25 found 14 of 19, 1.5 found
   * 12, 2 found 13, against 16 at 1; lowering the score to 0.2 (1.5) or 0.15 (2) won back one face
   * at most (14) ({@code bench/privacy-recall.sh --face-reduction R}, 2026-12-05). So faces are
   * searched at full resolution; the face network costs about a fifth of the plate network per
   * pixel, which is where the time went ({@code bench/README.md}).
   */
  public static final double MAX_REDUCTION = 1;

  /**
   * Tiles each pass is searched in: 960 px, overlapping by 160 px (a face up to 160 px tall in the
   * searched image is whole in some tile; larger ones also in the coarse pass). YuNet in OpenCV
   * 4.9 costs 0.2–0.3 µs/px up to about 2000x1500 but 0.85 µs/px at 4000x3000
   * ({@code bench/README.md}).
   */
  public static final TileGrid TILES = new TileGrid(960, 160);

  private final FaceDetectorYN detector;

  public FaceFinder(PrivacyModels models) {
    this(models, SCORE_THRESHOLD);
  }

  /** With another lowest score kept (for recall measurements). */
  public FaceFinder(PrivacyModels models, double scoreThreshold) {
    OpenCvNatives.ensureLoaded();
    detector = FaceDetectorYN.create(models.face().toString(), "", new Size(320, 320),
        (float) scoreThreshold, NMS_IOU, 5000);
  }

  /**
   * The faces in a BGR image, boxes in its pixels.
   *
   * @param bgr 8-bit, 3 channels; not modified
   */
  public List<PrivacyRegion> find(Mat bgr) {
    return find(bgr, reduction(bgr));
  }

  /** The production reduction of the fine pass for a frame, {@link SearchScale}'s rule. */
  public static double reduction(Mat bgr) {
    return SearchScale.reduction(bgr.cols(), bgr.rows(), MAX_REDUCTION);
  }

  /** As {@link #find(Mat)} with the fine pass reduced by {@code reduction} (for measurements). */
  public List<PrivacyRegion> find(Mat bgr, double reduction) {
    return find(bgr, reduction, TILES);
  }

  /**
   * As {@link #find(Mat, double)}, each pass searched in the tiles of {@code tiles} (for
   * measurements: a grid with tiles larger than the frame searches it whole, as before issue #31's
   * speed work).
   */
  public List<PrivacyRegion> find(Mat bgr, double reduction, TileGrid tiles) {
    List<PrivacyRegion> found = new ArrayList<>(tiles.search(bgr, reduction, this::detect));
    if (Math.min(bgr.cols(), bgr.rows()) >= 32 * COARSE_REDUCTION * reduction) {
      found.addAll(tiles.search(bgr, reduction * COARSE_REDUCTION, this::detect));
    }
    return RegionNms.apply(found, NMS_IOU).stream()
        .map(r -> clip(r, bgr.cols(), bgr.rows())).filter(r -> r != null).toList();
  }

  /** Faces of one tile at ({@code dx}, {@code dy}) of the searched image, boxes times scale. */
  private List<PrivacyRegion> detect(Mat image, int dx, int dy, double scale) {
    Mat input = MinimumInput.padded(image);
    detector.setInputSize(new Size(input.cols(), input.rows()));
    Mat faces = new Mat();
    detector.detect(input, faces);
    if (input != image) {
      input.release();
    }
    List<PrivacyRegion> out = new ArrayList<>();
    float[] row = new float[15];
    for (int i = 0; i < faces.rows(); i++) {
      faces.get(i, 0, row);
      // row: x, y, w, h, five landmarks (x, y), score
      double x0 = (row[0] + dx) * scale;
      double y0 = (row[1] + dy) * scale;
      out.add(new PrivacyRegion(PrivacyRegion.Kind.FACE,
          new PixelBox(x0, y0, x0 + row[2] * scale, y0 + row[3] * scale),
          Math.min(1, Math.max(0, row[14]))));
    }
    faces.release();
    return out;
  }

  static PrivacyRegion clip(PrivacyRegion r, int width, int height) {
    double x0 = Math.max(0, r.box().x0());
    double y0 = Math.max(0, r.box().y0());
    double x1 = Math.min(width, r.box().x1());
    double y1 = Math.min(height, r.box().y1());
    if (!(x1 > x0 && y1 > y0)) {
      return null;
    }
    return new PrivacyRegion(r.kind(), new PixelBox(x0, y0, x1, y1), r.score());
  }

  @Override
  public void close() {
    // FaceDetectorYN's native object is freed by its finalizer in the 4.9 bindings; nothing to do
  }
}
