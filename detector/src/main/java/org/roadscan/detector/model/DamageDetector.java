package org.roadscan.detector.model;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.Detection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.AreaShrink;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.InputBuffer;
import org.roadscan.detector.image.JpegFrame;
import org.roadscan.detector.image.Letterbox;
import org.roadscan.detector.image.OpenCvNatives;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.image.Tile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds road damage in BGR images with RoadNet. Thread-safe: it owns a pool of one DJL
 * {@link Predictor} per worker, with the input arrays that worker fills for every pass, and each
 * {@code detect} call borrows one for its whole duration (all tiles of a frame run on the calling
 * thread). More concurrent callers than workers wait for a free predictor.
 *
 * <p>Threads: choose {@code workers} = the number of threads that call {@code detect}
 * concurrently; PyTorch intra-op threads default to {@code max(1, cores / workers)} so that
 * workers do not oversubscribe the CPU. Small images (long side up to
 * {@link Slicing#singlePassMaxSidePx()}) get one letterboxed pass, identical to the Python
 * reference; larger ones are tiled as {@link Slicing} says. Boxes are in source pixels, clipped to
 * the image. Loading takes a few seconds and includes a warm-up of every predictor and, when the
 * model directory has one, the {@link ModelSelfCheck} of every predictor (a failed check fails the
 * build); close it once at shutdown ({@link #close()} waits for running calls).
 *
 * <p>A JPEG is decoded only after its frame header was checked against the builder's {@link
 * PixelLimit} (default {@link PixelLimit#DEFAULT}). Interrupting the calling thread stops a
 * {@code detect} call before its next model pass with a {@link CancellationException}: that is how
 * a caller enforces a time budget. A pass already running finishes first (libtorch's forward
 * cannot be interrupted); one pass takes well under a second on a CPU.
 *
 * <pre>{@code
 * try (DamageDetector detector = DamageDetector.builder()
 *     .setModelDir(Path.of("models/roadscan-damage"))
 *     .optWorkers(2)
 *     .build()) {
 *   List<Detection> found = detector.detect(jpegBytes);
 * }
 * }</pre>
 */
public final class DamageDetector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DamageDetector.class);
  /** Cut boxes merge when they overlap by this share of the smaller box. */
  private static final double MERGE_IOS = 0.5;
  /** A box within this many input pixels of an inner tile border counts as cut. */
  private static final double CUT_MARGIN_INPUT_PX = 2;
  private static final int WARM_UP_RUNS = 3;
  /** Share of each class threshold a whole-frame box needs to send its tiles to the model. */
  private static final double HINT_SHARE = 0.5;
  /**
   * Most tiles a focused frame gets besides its whole-frame pass: bounds a live frame's cost at
   * 1 + 6 passes (about a fifth of a 1080p drone frame's scale-aware tiling) however many faint
   * hints it has.
   */
  public static final int FOCUSED_MAX_TILES = 6;

  private final DamageModel model;
  private final ModelSpec spec;
  private final Slicing slicing;
  private final int maxDetections;
  private final int workers;
  private final PixelLimit pixelLimit;
  private final BlockingQueue<Lane> pool;
  private volatile boolean closed;
  /** Whether every predictor passed the model's self-check; written only while building. */
  private boolean selfChecked;
  /** Predictors created so far; written only while building. */
  private int created;

  /**
   * What {@link #detectFrame} found in a JPEG, with the size of its full-size image (after the
   * EXIF orientation's turn), which a reduced decoding does not show.
   *
   * @param width full-size image width, px
   * @param height full-size image height, px
   * @param detections by descending confidence, boxes in full-size pixels
   */
  public record FrameDetections(int width, int height, List<Detection> detections) {
  }

  /** One worker's predictor and the input arrays it fills for every pass. */
  private record Lane(Predictor<NDList, NDList> predictor, InputBuffer buffer) {
  }

  private DamageDetector(DamageModel model, Slicing slicing, int maxDetections, int workers,
      PixelLimit pixelLimit) {
    this.model = model;
    this.pixelLimit = pixelLimit;
    this.spec = model.spec();
    this.slicing = slicing;
    this.maxDetections = maxDetections;
    this.workers = workers;
    this.pool = new ArrayBlockingQueue<>(workers);
  }

  /** A builder; {@link Builder#setModelDir} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Class names, input size and effective thresholds (per class, see {@link #detect(Mat)}). */
  public ModelSpec spec() {
    return spec;
  }

  /** The class names in synset order. */
  public List<String> classNames() {
    return spec.classNames();
  }

  /** The tiling settings. */
  public Slicing slicing() {
    return slicing;
  }

  /**
   * True when every predictor reproduced the model's {@link ModelSelfCheck} output at start; false
   * when the model directory has no self-check, so the engine's results were not checked.
   */
  public boolean selfChecked() {
    return selfChecked;
  }

  /** The number of predictors, i.e. of {@code detect} calls that can run at the same time. */
  public int workers() {
    return workers;
  }

  /**
   * Decodes a JPEG and detects damage in it at the model's per-class thresholds; the decoded
   * pixels are released before returning. See {@link #detect(byte[], double)}.
   *
   * @throws CaptureException when the bytes are not a decodable JPEG
   */
  public List<Detection> detect(byte[] jpeg) throws CaptureException {
    return detectJpeg(jpeg, spec.classThresholds(), slicing).detections();
  }

  /**
   * Decodes a JPEG and detects damage in it at one threshold for every class.
   *
   * <p>The JPEG decoder itself scales the frame down by 2, 4 or 8 where that loses nothing the
   * model would see (its scaled inverse DCT averages the pixels, as an area shrink would; see
   * {@link #decodeReduction}): a 640 px photo for a 320 px model is decoded at half size, which
   * halves its decoding time, and a 20 MP drone frame, whose 1280 px tiles are shrunk by 4, at a
   * quarter (a sixteenth of the pixels to decode and hold) and tiled there with the tile and
   * overlap divided by 4. Boxes are returned in pixels of the full-size image all the same.
   *
   * @throws CaptureException when the bytes are not a decodable JPEG
   */
  public List<Detection> detect(byte[] jpeg, double threshold) throws CaptureException {
    return detectFrame(jpeg, threshold).detections();
  }

  /**
   * As {@link #detect(byte[], double)}, also giving the full-size image's width and height, so
   * that a caller needs no decoding of its own (the evaluator scales normalised labels by them).
   *
   * @throws CaptureException when the bytes are not a decodable JPEG
   */
  public FrameDetections detectFrame(byte[] jpeg, double threshold) throws CaptureException {
    return detectJpeg(jpeg, spec.withThreshold(threshold).classThresholds(), slicing);
  }

  /**
   * As {@link #detectFrame(byte[], double)}, tiled by {@code tiling} instead of the detector's own
   * slicing: for a frame whose ground scale is known ({@link ScaleAwareSlicing}).
   *
   * @param threshold one threshold for every class, or NaN for the model's per-class ones
   * @throws CaptureException when the bytes are not a decodable JPEG
   */
  public FrameDetections detectFrame(byte[] jpeg, double threshold, Slicing tiling)
      throws CaptureException {
    List<Double> thresholds = Double.isNaN(threshold) ? spec.classThresholds()
        : spec.withThreshold(threshold).classThresholds();
    return detectJpeg(jpeg, thresholds, tiling);
  }

  /**
   * The cheaper path for live frames (issue #28): one shrunk pass over the whole frame at half the
   * per-class thresholds finds where damage may be, then only the tiles of {@code tiling} that
   * overlap such a hint are detected; the whole-frame boxes above the real thresholds join the
   * merge as the full-frame pass of {@link #detectFrame(byte[], double, Slicing)} does. A frame
   * without hints costs one pass; a frame small enough not to be tiled gets its single pass, as in
   * the full path. At most {@link #FOCUSED_MAX_TILES} tiles are detected, those of the strongest
   * hints. Same thresholds, same box mapping as {@link #detectFrame(byte[], double, Slicing)};
   * what it can miss is damage too small to leave a trace in the whole-frame pass, and damage in
   * tiles beyond the budget.
   *
   * @param tiling tiles to choose from (e.g. the scale-aware tiling of the frame)
   * @throws CaptureException when the bytes are not a decodable JPEG
   */
  public FrameDetections detectFrameFocused(byte[] jpeg, Slicing tiling) throws CaptureException {
    return detectJpeg(jpeg, spec.classThresholds(), tiling, true);
  }

  /**
   * As {@link #detectFrameFocused(byte[], Slicing)}, reporting boxes above one {@code threshold}
   * for every class (NaN: the model's per-class ones), e.g. a low floor for evaluation; the tiles
   * are still chosen by half the model's per-class thresholds, as in service.
   */
  public FrameDetections detectFrameFocused(byte[] jpeg, double threshold, Slicing tiling)
      throws CaptureException {
    List<Double> thresholds = Double.isNaN(threshold) ? spec.classThresholds()
        : spec.withThreshold(threshold).classThresholds();
    return detectJpeg(jpeg, thresholds, tiling, true);
  }

  /**
   * The JPEG decoder's reduction (1, 2, 4 or 8) for a frame of this stored size. A frame detected
   * in one pass: the largest that keeps its long side at or above the model input. A tiled frame:
   * the largest power of two that divides the integer factor its tiles are area-shrunk by (4 for
   * 1280 px tiles and a 320 px model), so that the tiles of the reduced frame reach the model at
   * the same scale.
   */
  public int decodeReduction(JpegFrame frame) {
    return decodeReduction(frame, slicing);
  }

  private int decodeReduction(JpegFrame frame, Slicing slicing) {
    int w = frame.width();
    int h = frame.height();
    if (!slicing.tiles(w, h)) {
      return ImageDecoder.reductionFor(Math.max(w, h), spec.inputSize());
    }
    int tileLongSide = Math.max(Math.min(slicing.tileSizePx(), w),
        Math.min(slicing.tileSizePx(), h));
    int shrink = AreaShrink.factorFor(tileLongSide, spec.inputSize());
    return Math.min(8, Integer.lowestOneBit(shrink));
  }

  private FrameDetections detectJpeg(byte[] jpeg, List<Double> thresholds, Slicing slicing)
      throws CaptureException {
    return detectJpeg(jpeg, thresholds, slicing, false);
  }

  private FrameDetections detectJpeg(byte[] jpeg, List<Double> thresholds, Slicing slicing,
      boolean focused) throws CaptureException {
    Optional<JpegFrame> frame = JpegFrame.read(jpeg);
    int reduction = frame.map(f -> decodeReduction(f, slicing)).orElse(1);
    Mat bgr = ImageDecoder.decodeJpeg(jpeg, reduction, pixelLimit);
    try {
      if (reduction == 1) {
        return new FrameDetections(bgr.cols(), bgr.rows(), detectAbove(bgr,
            slicing.tiles(bgr.cols(), bgr.rows()) ? slicing : null, thresholds, focused));
      }
      // a reduced frame is tiled (or not) as its full size would be, at the reduced scale
      Slicing tiling = slicing.tiles(frame.get().width(), frame.get().height())
          ? slicing.reducedBy(reduction) : null;
      return toFullSize(detectAbove(bgr, tiling, thresholds, focused), frame.get(), reduction,
          bgr);
    } finally {
      bgr.release();
    }
  }

  /** Maps boxes found in a reduced decoding of {@code frame} to its full-size pixels. */
  private static FrameDetections toFullSize(List<Detection> found, JpegFrame frame,
      int reduction, Mat reduced) {
    // the EXIF orientation may have turned the image: then its width is the stored height
    boolean turned = reduced.cols() != ImageDecoder.reducedSide(frame.width(), reduction)
        || reduced.rows() != ImageDecoder.reducedSide(frame.height(), reduction);
    int width = turned ? frame.height() : frame.width();
    int height = turned ? frame.width() : frame.height();
    double sx = (double) width / reduced.cols();
    double sy = (double) height / reduced.rows();
    List<Detection> out = new ArrayList<>(found.size());
    for (Detection d : found) {
      PixelBox b = d.box();
      out.add(new Detection(d.className(), d.classIndex(), d.confidence(),
          new PixelBox(b.x0() * sx, b.y0() * sy, b.x1() * sx, b.y1() * sy)));
    }
    return new FrameDetections(width, height, out);
  }

  /**
   * Detects damage at the model's per-class thresholds ({@link ModelSpec#classThresholds()}: the
   * operating points of {@code serving.properties}, or the builder's override for every class);
   * otherwise as {@link #detect(Mat, double)}.
   */
  public List<Detection> detect(Mat bgr) {
    return detectAbove(bgr, spec.classThresholds());
  }

  /**
   * Detects damage at one threshold for every class, ignoring the model's per-class ones.
   *
   * @param bgr 8-bit 3-channel BGR image; not modified, not released
   * @param threshold minimum class probability, 0..1 (e.g. 0.001 for AP evaluation); a detection
   *     scores strictly above it
   * @return detections by descending confidence, boxes in source pixels of {@code bgr}
   * @throws InferenceException when the engine fails
   */
  public List<Detection> detect(Mat bgr, double threshold) {
    return detectAbove(bgr, spec.withThreshold(threshold).classThresholds());
  }

  /** Detects with {@code thresholds} per class in synset order, each already in 0..1. */
  private List<Detection> detectAbove(Mat bgr, List<Double> thresholds) {
    return detectAbove(bgr, slicing.tiles(bgr.cols(), bgr.rows()) ? slicing : null, thresholds,
        false);
  }

  /**
   * As {@link #detectAbove(Mat, List)}, tiled by {@code tiling}, or in one pass when null;
   * {@code focused}: only the tiles a whole-frame pass hints at ({@link #detectFrameFocused}).
   */
  private List<Detection> detectAbove(Mat bgr, Slicing tiling, List<Double> thresholds,
      boolean focused) {
    if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("expected a non-empty 8-bit BGR image, got type "
          + bgr.type());
    }
    Lane lane = borrow();
    try {
      List<Candidate> found = tiling != null
          ? sliced(lane, bgr, tiling, thresholds, focused)
          : singlePass(lane, bgr, thresholds);
      List<Detection> out = new ArrayList<>(found.size());
      for (Candidate c : found) {
        if (c.box().area() > 0) {
          out.add(new Detection(spec.classNames().get(c.classIndex()), c.classIndex(),
              Math.min(1, c.score()), c.box()));
        }
      }
      return out;
    } finally {
      giveBack(lane);
    }
  }

  private List<Candidate> singlePass(Lane lane, Mat bgr,
      List<Double> thresholds) {
    Letterbox lb = Letterbox.of(bgr.cols(), bgr.rows(), spec.inputSize());
    List<Candidate> kept = Nms.apply(run(lane, lb, bgr, Imgproc.INTER_LINEAR, thresholds),
        spec.nmsThreshold(), maxDetections);
    List<Candidate> mapped = new ArrayList<>(kept.size());
    for (Candidate c : kept) {
      mapped.add(new Candidate(c.classIndex(), c.score(), toSource(lb, c.box(), 0, 0)));
    }
    return mapped;
  }

  private List<Candidate> sliced(Lane lane, Mat bgr, Slicing tiling,
      List<Double> thresholds, boolean focused) {
    int w = bgr.cols();
    int h = bgr.rows();
    List<Tile> tiles = Tile.grid(w, h, tiling.tileSizePx(), tiling.overlapPx());
    List<TileMergeOp.Part> parts = new ArrayList<>();
    // focused: the whole-frame pass runs at the lower of the hint and the reported thresholds;
    // its boxes above the hint thresholds choose the tiles, those above the reported ones count
    List<Double> hintAt = new ArrayList<>(thresholds.size());
    List<Double> passAt = new ArrayList<>(thresholds.size());
    for (int c = 0; c < thresholds.size(); c++) {
      hintAt.add(spec.classThresholds().get(c) * HINT_SHARE);
      passAt.add(Math.min(hintAt.get(c), thresholds.get(c)));
    }
    List<Candidate> whole = focused ? shrunkPass(lane, bgr, 0, 0, passAt) : List.of();
    List<Candidate> hints = whole.stream()
        .filter(c -> c.score() > hintAt.get(c.classIndex())).toList();
    List<Tile> detected = tiles;
    if (focused) {
      // the tiles touched by a hint, strongest hint first (score over its class's hint
      // threshold), at most FOCUSED_MAX_TILES: a frame full of faint hints must not cost a
      // full tiling
      detected = tiles.stream()
          .map(t -> Map.entry(t, hints.stream().filter(c -> overlaps(t, c.box()))
              .mapToDouble(c -> c.score() / hintAt.get(c.classIndex())).max().orElse(0)))
          .filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<Tile, Double>comparingByValue().reversed())
          .limit(FOCUSED_MAX_TILES)
          .map(Map.Entry::getKey)
          .toList();
    }
    for (Tile t : detected) {
      Mat view = bgr.submat(new Rect(t.x(), t.y(), t.width(), t.height()));
      try {
        boolean[] inner = t.innerEdges(w, h);
        // a box within two model-input pixels of an inner tile edge was cut by that edge
        double margin = CUT_MARGIN_INPUT_PX * Math.max(t.width(), t.height()) / spec.inputSize();
        for (Candidate c : shrunkPass(lane, view, t.x(), t.y(), thresholds)) {
          PixelBox b = c.box();
          boolean cut = inner[0] && b.x0() <= t.x() + margin
              || inner[1] && b.y0() <= t.y() + margin
              || inner[2] && b.x1() >= t.x() + t.width() - margin
              || inner[3] && b.y1() >= t.y() + t.height() - margin;
          parts.add(new TileMergeOp.Part(c, cut));
        }
      } finally {
        view.release();
      }
    }
    if (focused) {
      for (Candidate c : whole) {
        if (c.score() > thresholds.get(c.classIndex())) {
          parts.add(new TileMergeOp.Part(c, false));
        }
      }
    } else if (tiling.fullFramePass() && tiles.size() > 1) {
      for (Candidate c : shrunkPass(lane, bgr, 0, 0, thresholds)) {
        parts.add(new TileMergeOp.Part(c, false));
      }
    }
    // merged boxes grow, so a last pass removes same-class pairs that now overlap too much
    return Nms.apply(TileMergeOp.merge(parts, spec.nmsThreshold(), MERGE_IOS, maxDetections),
        spec.nmsThreshold(), maxDetections);
  }

  private static boolean overlaps(Tile t, PixelBox b) {
    return b.x1() > t.x() && b.x0() < t.x() + t.width()
        && b.y1() > t.y() && b.y0() < t.y() + t.height();
  }

  /**
   * One pass over {@code view} (a tile or the whole frame): area-shrunk by an integer factor
   * (fast, alias-free, like the training pipeline's shrinking), then letterboxed bilinearly.
   * Returns boxes in frame pixels.
   */
  private List<Candidate> shrunkPass(Lane lane, Mat view, int offsetX,
      int offsetY, List<Double> thresholds) {
    int factor = AreaShrink.factorFor(Math.max(view.cols(), view.rows()), spec.inputSize());
    AreaShrink shrunk = AreaShrink.of(view, factor);
    try {
      Letterbox lb = Letterbox.of(shrunk.width(), shrunk.height(), spec.inputSize());
      List<Candidate> kept = Nms.apply(
          run(lane, lb, shrunk.image(), Imgproc.INTER_LINEAR, thresholds),
          spec.nmsThreshold(), maxDetections);
      List<Candidate> out = new ArrayList<>(kept.size());
      for (Candidate c : kept) {
        PixelBox b = toSource(lb, c.box(), 0, 0);
        out.add(new Candidate(c.classIndex(), c.score(), new PixelBox(
            offsetX + b.x0() * factor, offsetY + b.y0() * factor,
            offsetX + b.x1() * factor, offsetY + b.y1() * factor)));
      }
      return out;
    } finally {
      shrunk.image().release();
    }
  }

  private List<Candidate> run(Lane lane, Letterbox lb, Mat bgr,
      int interpolation, List<Double> thresholds) {
    if (Thread.currentThread().isInterrupted()) {
      // the caller's budget ran out: stop before the next pass (the flag stays for the caller)
      throw new CancellationException("detection interrupted before a model pass");
    }
    float[] output = model.forward(lane.predictor(),
        lb.toInput(bgr, interpolation, lane.buffer()));
    return OutputDecoder.decode(output, thresholds, OutputDecoder.DEFAULT_PER_CLASS_LIMIT);
  }

  private static PixelBox toSource(Letterbox lb, PixelBox b, int offsetX, int offsetY) {
    return new PixelBox(lb.toSourceX(b.x0()) + offsetX, lb.toSourceY(b.y0()) + offsetY,
        lb.toSourceX(b.x1()) + offsetX, lb.toSourceY(b.y1()) + offsetY);
  }

  private Lane borrow() {
    try {
      while (true) {
        if (closed) {
          throw new IllegalStateException("the detector is closed");
        }
        // bounded wait so that a call racing with close() notices it instead of hanging
        Lane p = pool.poll(1, TimeUnit.SECONDS);
        if (p != null) {
          return p;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("detection interrupted while waiting for a free predictor");
    }
  }

  private void giveBack(Lane lane) {
    pool.add(lane);
  }

  /** Waits for running calls to finish, then frees the predictors and the model. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (int i = 0; i < created; i++) {
        pool.take().predictor().close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while closing; some predictors stay open");
      pool.forEach(lane -> lane.predictor().close());
    } finally {
      model.close();
    }
  }

  /**
   * Builds a {@link DamageDetector}: the model's options ({@link DamageModel.ModelOptions}) plus the
   * detector's own; {@code set*} required, {@code opt*} optional, validated in {@link #build()}.
   */
  public static final class Builder extends DamageModel.ModelOptions<Builder> {
    private int workers = 1;
    private Slicing slicing = Slicing.DEFAULT;
    private int maxDetections = 300;
    private PixelLimit pixelLimit = PixelLimit.DEFAULT;

    private Builder() {
    }

    @Override
    Builder self() {
      return this;
    }

    /** Number of predictors = concurrent {@code detect} calls; default 1. */
    public Builder optWorkers(int workers) {
      this.workers = workers;
      return this;
    }

    /** Tiling of large frames; default {@link Slicing#DEFAULT}. */
    public Builder optSlicing(Slicing slicing) {
      this.slicing = slicing;
      return this;
    }

    /** Most pixels a JPEG may declare to be decoded; default {@link PixelLimit#DEFAULT}. */
    public Builder optPixelLimit(PixelLimit pixelLimit) {
      this.pixelLimit = pixelLimit;
      return this;
    }

    /** Most detections returned per image; default 300. */
    public Builder optMaxDetections(int maxDetections) {
      this.maxDetections = maxDetections;
      return this;
    }

    /**
     * Loads the model, creates and warms up one predictor per worker, and checks each against the
     * model's {@link ModelSelfCheck} when its directory has one.
     *
     * @throws InferenceException when the model cannot be loaded or run, or computes the
     *     self-check's reference input wrongly
     * @throws IllegalArgumentException when an option is out of range, or the model's {@code
     *     synset.txt} lists a class not in the {@link org.roadscan.detector.DamageClass} catalogue
     */
    public DamageDetector build() {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1: " + workers);
      }
      if (maxDetections < 1) {
        throw new IllegalArgumentException("maxDetections must be >= 1: " + maxDetections);
      }
      if (slicing == null) {
        throw new IllegalArgumentException("slicing must not be null");
      }
      if (pixelLimit == null) {
        throw new IllegalArgumentException("pixelLimit must not be null");
      }
      Integer asked = intraOpThreads();
      int threads = asked != null && asked > 0 ? asked
          : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
      DamageModel model = loadModel(threads);
      OpenCvNatives.setThreads(threads);
      DamageDetector detector = new DamageDetector(model, slicing, maxDetections, workers,
          pixelLimit);
      try {
        int s = model.spec().inputSize();
        float[] gray = new float[3 * s * s];
        Arrays.fill(gray, Letterbox.PAD_VALUE / 255f);
        Optional<ModelSelfCheck> check = ModelSelfCheck.read(model.modelDir(), s,
            4 + model.spec().classNames().size());
        float[] reference = check.isPresent() ? ModelSelfCheck.input(s) : null;
        long t0 = System.nanoTime();
        for (int i = 0; i < workers; i++) {
          Predictor<NDList, NDList> p = model.newPredictor();
          detector.pool.add(new Lane(p, InputBuffer.of(s)));
          detector.created++;
          for (int r = 0; r < WARM_UP_RUNS; r++) {
            model.forward(p, gray);
          }
          // after the warm-up, so that the engine's optimised graph is what gets checked
          if (check.isPresent()) {
            check.get().verify(model.forward(p, reference));
          }
        }
        detector.selfChecked = check.isPresent();
        if (check.isPresent()) {
          LOG.info("model self-check passed: {} reference rows agree with PyTorch's",
              check.get().rows());
        } else {
          LOG.warn("{} has no {}: the engine's results on this machine are not checked",
              model.modelDir(), ModelSelfCheck.FILE);
        }
        LOG.info("detector ready: {} worker(s), {} intra-op and OpenCV thread(s), warm-up {} ms",
            workers, threads, (System.nanoTime() - t0) / 1_000_000);
        return detector;
      } catch (RuntimeException e) {
        detector.close();
        throw e;
      }
    }
  }
}
