package org.roadscan.detector.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.Detection;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.ImageFormat;
import org.roadscan.detector.image.JpegFrame;
import org.roadscan.detector.model.DamageDetector;
import org.roadscan.detector.model.DamageDetector.FrameDetections;
import org.roadscan.detector.model.InferenceException;
import org.roadscan.detector.model.ScaleAwareSlicing;
import org.roadscan.detector.model.Slicing;

/**
 * {@code evaluate}: scores the model on a labelled image folder.
 *
 * <pre>
 * evaluate --images DIR --labels DIR [--json] [--model DIR] [--threshold T] [--pictures DIR]
 *          [--tile-size PX | --ground-sample-cm CM] [--ignore-class NAME,...]
 * </pre>
 *
 * <p>Images are the {@code .jpg}, {@code .jpeg} and {@code .png} files of {@code --images} (not
 * recursive), in name order; labels as {@link LabelFolder} describes. Every image is run through
 * the same {@link DamageDetector} path as the service (large frames tiled) down to a confidence of
 * {@value #AP_FLOOR} for AP; precision, recall and F1 count predictions at or above their class's
 * threshold: the model's operating points from {@code serving.properties}
 * ({@code threshold.<CLASS>}, else {@code threshold}), or {@code --threshold T} for every class.
 * {@code --tile-size PX} replaces the default {@link Slicing} by tiles of that side (overlap a
 * fifth of it, full-frame pass kept), to try a finer or coarser cut for one's own imagery.
 * {@code --ground-sample-cm CM} says the images are drone frames with that much ground per pixel
 * and tiles each JPEG as the service tiles a georeferenced drone frame ({@link
 * ScaleAwareSlicing}, from the model's {@code serving.properties}). {@code --ignore-class
 * Repair,"Block crack"} leaves Pascal VOC objects of those names out (RDD2022 annotates patched
 * surface and block cracks, which are not classes of the model) instead of refusing the file.
 * When the model has RDD crack classes, they are also scored as one {@code crack} class
 * ({@link ClassGroup#rddCracksIn}).
 * Pictures of predictions against labels are written for the first {@value #PICTURES} images
 * (default folder {@code ./evaluation-pictures}). A long run prints its progress on {@code err}
 * every ten seconds ({@link EvaluationProgress}).
 *
 * <p>Exit codes: 0 done, 2 usage or input error (message on {@code err}), 1 unexpected failure.
 */
public final class EvaluateCommand {

  /** Lowest confidence kept for the precision/recall curve. */
  public static final double AP_FLOOR = 0.001;
  /** Smallest and largest {@code --tile-size}. */
  static final int MIN_TILE = 64;
  static final int MAX_TILE = 16384;
  /** Pictures written at most. */
  public static final int PICTURES = 6;

  static final String USAGE = "usage: evaluate --images DIR --labels DIR [--json]"
      + " [--model DIR (default models/roadscan-damage)]"
      + " [--threshold T (for every class; default: the model's, per class)]"
      + " [--pictures DIR (default ./evaluation-pictures)]"
      + " [--tile-size PX (tiles of large images; default " + Slicing.DEFAULT.tileSizePx() + ")"
      + " | --ground-sample-cm CM (drone frames of that ground sample: scale-aware tiles)]"
      + " [--ignore-class NAME,... (VOC objects to leave out, e.g. Repair)]"
      + " [--passes full|focused (focused: the live feed's whole-frame pass, then only the"
      + " tiles it hints at)]";

  private EvaluateCommand() {
  }

  /** Command-line entry point for running the class directly. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command.
   *
   * @param args the arguments after {@code evaluate}
   * @param out where the report goes (only JSON with {@code --json})
   * @param err where errors go
   * @return the exit code: 0 success, 2 usage or input error, 1 unexpected failure
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("evaluate: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (o == null) {
      out.println(USAGE);
      return 0;
    }
    try {
      return evaluate(o, out, err);
    } catch (InputException e) {
      err.println("evaluate: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("evaluate: failed: " + e);
      return 1;
    }
  }

  private static int evaluate(Options o, PrintStream out, PrintStream err)
      throws IOException, InputException {
    requireDir(o.images(), "--images");
    requireDir(o.labels(), "--labels");
    List<Path> images = listImages(o.images());
    if (images.isEmpty()) {
      throw new InputException("no .jpg, .jpeg or .png images in " + o.images());
    }
    if (!Files.isDirectory(o.model())) {
      throw new InputException("model directory " + o.model() + " does not exist");
    }
    DamageDetector.Builder builder = DamageDetector.builder().setModelDir(o.model());
    if (o.threshold() != null) {
      builder.optThreshold(o.threshold());
    }
    if (o.tileSize() != null) {
      builder.optSlicing(slicingFor(o.tileSize()));
    }
    DamageDetector detector;
    ScaleAwareSlicing scaleAware = null;
    try {
      if (o.groundSampleCm() != null) {
        scaleAware = ScaleAwareSlicing.read(o.model()).orElseThrow(() ->
            new IllegalArgumentException("--ground-sample-cm needs a model whose "
                + "serving.properties has " + ScaleAwareSlicing.GROUND_SAMPLE_KEY));
      }
      detector = builder.build();
    } catch (InferenceException | IllegalArgumentException e) {
      // a missing file or a bad serving.properties value: the message names it
      throw new InputException("cannot load the model: " + e.getMessage());
    }
    try (detector) {
      // with --threshold, the override is every class's threshold
      List<Double> thresholds = detector.spec().classThresholds();
      double floor = Math.min(AP_FLOOR, Collections.min(thresholds));
      List<String> names = detector.classNames();
      LabelFolder labels = LabelFolder.open(o.labels(), names, o.ignoredClasses());
      CrddcEvaluation evaluation = new CrddcEvaluation(names,
          ClassGroup.rddCracksIn(names).stream().toList());
      int pictures = 0;
      int done = 0;
      EvaluationProgress progress = new EvaluationProgress(err, images.size(), System::nanoTime,
          EvaluationProgress.DEFAULT_INTERVAL_NANOS);
      for (Path image : images) {
        byte[] bytes = Files.readAllBytes(image);
        boolean picture = pictures < PICTURES;
        Mat bgr = null;
        try {
          int width;
          int height;
          List<Detection> found;
          if (ImageFormat.sniff(bytes).orElse(null) == ImageFormat.JPEG) {
            // the service's path (possibly scaled inside the JPEG decoder), so the figures are
            // the service's; the full-size pixels are decoded only for a picture
            FrameDetections frame = detectJpeg(detector, image, bytes, floor, scaleAware,
                o.groundSampleCm(), o.focused());
            width = frame.width();
            height = frame.height();
            found = frame.detections();
            bgr = picture ? decode(image, bytes) : null;
          } else {
            bgr = decode(image, bytes);
            width = bgr.cols();
            height = bgr.rows();
            found = detector.detect(bgr, floor);
          }
          List<LabelBox> truth;
          try {
            truth = labels.labelsFor(baseName(image), width, height);
          } catch (LabelFormatException e) {
            throw new InputException(e.getMessage());
          }
          evaluation.add(found, truth);
          if (picture) {
            Files.createDirectories(o.pictures());
            Path file = o.pictures().resolve(baseName(image) + ".jpg");
            if (ComparisonPicture.write(bgr, found, truth, names, thresholds, file)) {
              pictures++;
            }
          }
        } finally {
          if (bgr != null) {
            bgr.release();
          }
        }
        progress.imagesDone(++done);
      }
      EvaluationReport report = evaluation.report(thresholds);
      if (o.json()) {
        out.println(report.toJson());
      } else {
        out.print(report.toTable());
        out.println(String.format(Locale.ROOT, "%d picture(s) of predictions vs labels in %s",
            pictures, o.pictures().toAbsolutePath().normalize()));
      }
      return 0;
    }
  }

  private static FrameDetections detectJpeg(DamageDetector detector, Path image, byte[] bytes,
      double threshold, ScaleAwareSlicing scaleAware, Double groundSampleCm, boolean focused)
      throws InputException {
    try {
      if (scaleAware != null) {
        JpegFrame frame = JpegFrame.read(bytes).orElseThrow(() ->
            new InputException(image + ": not a JPEG with a frame header"));
        Slicing tiling = scaleAware.slicingFor(frame.width(), frame.height(),
            groundSampleCm / 100, detector.spec().inputSize());
        return focused ? detector.detectFrameFocused(bytes, threshold, tiling)
            : detector.detectFrame(bytes, threshold, tiling);
      }
      return focused ? detector.detectFrameFocused(bytes, threshold, detector.slicing())
          : detector.detectFrame(bytes, threshold);
    } catch (CaptureException e) {
      throw new InputException(image + ": " + e.getMessage());
    }
  }

  /** Full-size pixels of a JPEG or PNG (EXIF orientation applied); the caller releases them. */
  private static Mat decode(Path image, byte[] bytes) throws InputException {
    try {
      return ImageDecoder.decode(bytes, EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG));
    } catch (CaptureException e) {
      throw new InputException(image + ": " + e.getMessage());
    }
  }

  /** Tiles of {@code tileSize} px overlapping by a fifth, with the default's other settings. */
  static Slicing slicingFor(int tileSize) {
    Slicing d = Slicing.DEFAULT;
    return new Slicing(tileSize, tileSize / 5, d.fullFramePass(), d.singlePassMaxSidePx());
  }

  private static void requireDir(Path dir, String option) throws InputException {
    if (!Files.isDirectory(dir)) {
      throw new InputException(option + " " + dir + " is not a directory");
    }
  }

  private static List<Path> listImages(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
      }).sorted().toList();
    }
  }

  private static String baseName(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /** A problem with what the user gave us: reported on err with exit code 2. */
  private static final class InputException extends Exception {
    InputException(String message) {
      super(message);
    }
  }

  /** Parsed command-line options. */
  record Options(Path images, Path labels, boolean json, Path model, Double threshold,
      Path pictures, Integer tileSize, Double groundSampleCm, Set<String> ignoredClasses,
      boolean focused) {

    /** Parses arguments; null for {@code --help}. */
    static Options parse(String[] args) {
      Path images = null;
      Path labels = null;
      boolean json = false;
      Path model = Path.of("models", "roadscan-damage");
      Double threshold = null;
      Path pictures = Path.of("evaluation-pictures");
      Integer tileSize = null;
      Double groundSampleCm = null;
      Set<String> ignored = new LinkedHashSet<>();
      boolean focused = false;
      List<String> a = new ArrayList<>(List.of(args));
      for (int i = 0; i < a.size(); i++) {
        String k = a.get(i);
        switch (k) {
          case "--help", "-h" -> {
            return null;
          }
          case "--json" -> json = true;
          case "--images" -> images = Path.of(value(a, ++i, k));
          case "--labels" -> labels = Path.of(value(a, ++i, k));
          case "--model" -> model = Path.of(value(a, ++i, k));
          case "--pictures" -> pictures = Path.of(value(a, ++i, k));
          case "--threshold" -> {
            String v = value(a, ++i, k);
            threshold = number(v, k, Double::parseDouble, "a number");
            if (!(threshold > 0 && threshold <= 1)) {
              throw new IllegalArgumentException("--threshold must be in (0, 1]: " + v);
            }
          }
          case "--tile-size" -> {
            String v = value(a, ++i, k);
            tileSize = number(v, k, Integer::parseInt, "a whole number");
            if (tileSize < MIN_TILE || tileSize > MAX_TILE) {
              throw new IllegalArgumentException("--tile-size must be " + MIN_TILE + " to "
                  + MAX_TILE + " pixels: " + v);
            }
          }
          case "--ground-sample-cm" -> {
            String v = value(a, ++i, k);
            groundSampleCm = number(v, k, Double::parseDouble, "a number");
            if (!(groundSampleCm >= 0.05 && groundSampleCm <= 50)) {
              throw new IllegalArgumentException("--ground-sample-cm must be 0.05 to 50 cm: " + v);
            }
          }
          case "--ignore-class" -> {
            for (String name : value(a, ++i, k).split(",")) {
              if (!name.isBlank()) {
                ignored.add(name.strip());
              }
            }
          }
          case "--passes" -> {
            String v = value(a, ++i, k);
            if (!v.equals("full") && !v.equals("focused")) {
              throw new IllegalArgumentException("--passes must be full or focused: " + v);
            }
            focused = v.equals("focused");
          }
          default -> throw new IllegalArgumentException("unknown argument " + k);
        }
      }
      if (images == null || labels == null) {
        throw new IllegalArgumentException("--images and --labels are required");
      }
      if (tileSize != null && groundSampleCm != null) {
        throw new IllegalArgumentException("give --tile-size or --ground-sample-cm, not both");
      }
      return new Options(images, labels, json, model, threshold, pictures, tileSize,
          groundSampleCm, Set.copyOf(ignored), focused);
    }

    private static <T> T number(String v, String key, Function<String, T> parse, String what) {
      try {
        return parse.apply(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " is not " + what + ": " + v);
      }
    }

    private static String value(List<String> args, int i, String key) {
      if (i >= args.size() || args.get(i).startsWith("--")) {
        throw new IllegalArgumentException(key + " needs a value");
      }
      return args.get(i);
    }
  }
}
