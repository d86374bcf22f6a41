package org.roadscan.detector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.Detection;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.JpegFrame;
import org.roadscan.detector.image.Letterbox;
import org.roadscan.detector.model.DamageDetector;
import org.roadscan.detector.model.DamageModel;
import org.roadscan.detector.model.ScaleAwareSlicing;
import org.roadscan.detector.model.Slicing;

/**
 * Measures inference times; not a test (no assertions, not run by surefire). Usage:
 * {@code DetectorBench MODEL_DIR IMAGE.jpg [ROUNDS]}; the image is resized to a 20 MP frame
 * (5472 x 3648) and JPEG-encoded to time decoding too. Prints medians in milliseconds.
 */
public final class DetectorBench {

  private DetectorBench() {
  }

  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args[0]);
    byte[] source = Files.readAllBytes(Path.of(args[1]));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Mat src = ImageDecoder.decodeJpeg(source);
    Mat frame = new Mat();
    Imgproc.resize(src, frame, new Size(5472, 3648), 0, 0, Imgproc.INTER_CUBIC);
    MatOfByte jpeg = new MatOfByte();
    Imgcodecs.imencode(".jpg", frame, jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
    byte[] frameJpeg = jpeg.toArray();
    System.out.printf(Locale.ROOT, "cores %d, 20 MP JPEG %d KB%n",
        Runtime.getRuntime().availableProcessors(), frameJpeg.length / 1024);
    if (Boolean.getBoolean("bench.scaleAwareOnly")) {
      scaleAware(modelDir, frameJpeg, rounds);
      return;
    }

    try (DamageModel model = DamageModel.builder().setModelDir(modelDir).build();
        var predictor = model.newPredictor()) {
      int s = model.spec().inputSize();
      float[] input = Letterbox.of(src.cols(), src.rows(), s).toInput(src);
      for (int i = 0; i < 5; i++) {
        model.forward(predictor, input);
      }
      double[] t = new double[Math.max(20, rounds * 4)];
      for (int i = 0; i < t.length; i++) {
        long t0 = System.nanoTime();
        model.forward(predictor, input);
        t[i] = (System.nanoTime() - t0) / 1e6;
      }
      System.out.printf(Locale.ROOT, "bare forward %dx%d: median %.1f ms (min %.1f)%n", s, s,
          median(t), Arrays.stream(t).min().orElse(0));
    }
    if (Boolean.getBoolean("bench.forwardOnly")) {
      return;
    }

    double[] dec = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      ImageDecoder.decodeJpeg(frameJpeg).release();
      dec[i] = (System.nanoTime() - t0) / 1e6;
    }
    System.out.printf(Locale.ROOT, "decode 20 MP JPEG: median %.0f ms%n", median(dec));

    // -Dbench.slicings=TILE:OVERLAP:FULLFRAME,... (default: a spread around the defaults)
    List<Slicing> configs = Arrays.stream(System.getProperty("bench.slicings",
            "1024:205:true,1280:256:true,1280:256:false,1536:307:true,1824:365:true").split(","))
        .map(c -> c.split(":"))
        .map(c -> new Slicing(Integer.parseInt(c[0]), Integer.parseInt(c[1]),
            Boolean.parseBoolean(c[2]), 640))
        .toList();
    for (Slicing slicing : configs) {
      try (DamageDetector d = DamageDetector.builder().setModelDir(modelDir).optSlicing(slicing)
          .build()) {
        double[] t = new double[rounds];
        int found = 0;
        for (int i = 0; i < rounds; i++) {
          long t0 = System.nanoTime();
          List<Detection> r = d.detect(frame);
          t[i] = (System.nanoTime() - t0) / 1e6;
          found = r.size();
        }
        int tiles = org.roadscan.detector.image.Tile.grid(5472, 3648, slicing.tileSizePx(),
            slicing.overlapPx()).size();
        System.out.printf(Locale.ROOT,
            "tiled 5472x3648, tile %d overlap %d full-frame %s: %d passes, median %.0f ms "
                + "(min %.0f, %.1f ms/pass), %d detections%n", slicing.tileSizePx(),
            slicing.overlapPx(), slicing.fullFramePass(),
            tiles + (slicing.fullFramePass() ? 1 : 0), median(t),
            Arrays.stream(t).min().orElse(0),
            median(t) / (tiles + (slicing.fullFramePass() ? 1 : 0)), found);
      }
    }
    // a survey frame from its JPEG bytes (what the service runs: the decoder shrinks by 4, the
    // tiles are cut from the quarter-size frame) against a full-size decoding and the same tiles,
    // alternating so that the machine's load hits both alike
    try (DamageDetector d = DamageDetector.builder().setModelDir(modelDir).build()) {
      int reduction = d.decodeReduction(JpegFrame.read(frameJpeg).orElseThrow());
      double[] reducedDecode = new double[rounds];
      double[] fromBytes = new double[rounds];
      double[] fullDecode = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        ImageDecoder.decodeJpeg(frameJpeg, reduction).release();
        reducedDecode[i] = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        d.detect(frameJpeg);
        fromBytes[i] = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        Mat full = ImageDecoder.decodeJpeg(frameJpeg);
        d.detect(full);
        full.release();
        fullDecode[i] = (System.nanoTime() - t0) / 1e6;
      }
      System.out.printf(Locale.ROOT, "20 MP JPEG -> detections, default slicing: decoded at 1/%d "
              + "%.0f ms (decode alone %.0f ms); decoded at full size %.0f ms; ratio %.2f%n",
          reduction, median(fromBytes), median(reducedDecode), median(fullDecode),
          median(fromBytes) / median(fullDecode));
    }
    try (DamageDetector d = DamageDetector.builder().setModelDir(modelDir).build()) {
      double[] t = new double[rounds * 4];
      for (int i = 0; i < t.length; i++) {
        long t0 = System.nanoTime();
        d.detect(src);
        t[i] = (System.nanoTime() - t0) / 1e6;
      }
      System.out.printf(Locale.ROOT, "default slicing, %dx%d frame: median %.1f ms%n",
          src.cols(), src.rows(), median(t));
    }
    scaleAware(modelDir, frameJpeg, rounds);
    src.release();
    frame.release();
  }

  /**
   * With {@code -Dbench.scaleAwareOnly=true} only this part runs. The 20 MP frame from its JPEG
   * bytes as a drone frame of 0.8 and 1.6 cm ground sample (a 20 MP camera at about 30 and 60 m)
   * tiled by the model's {@link ScaleAwareSlicing}, alternating with the fixed slicing; skipped
   * for a model without {@code groundSampleM}.
   */
  private static void scaleAware(Path modelDir, byte[] frameJpeg, int rounds) throws Exception {
    var scaleAware = ScaleAwareSlicing.read(modelDir);
    if (scaleAware.isEmpty()) {
      System.out.println("scale-aware tiling: the model has no groundSampleM, skipped");
      return;
    }
    try (DamageDetector d = DamageDetector.builder().setModelDir(modelDir).build()) {
      for (double gsdM : new double[] {0.008, 0.016}) {
        Slicing tiling = scaleAware.get().slicingFor(5472, 3648, gsdM, d.spec().inputSize());
        double[] aware = new double[rounds];
        double[] fixed = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          long t0 = System.nanoTime();
          d.detectFrame(frameJpeg, Double.NaN, tiling);
          aware[i] = (System.nanoTime() - t0) / 1e6;
          t0 = System.nanoTime();
          d.detect(frameJpeg);
          fixed[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "scale-aware, 20 MP JPEG at %.1f cm/px: tile %d px, %d "
                + "passes, median %.0f ms; fixed slicing median %.0f ms%n", gsdM * 100,
            tiling.tileSizePx(), ScaleAwareSlicing.passes(5472, 3648, tiling.tileSizePx()),
            median(aware), median(fixed));
      }
    }
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
