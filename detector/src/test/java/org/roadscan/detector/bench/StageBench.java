package org.roadscan.detector.bench;

import static org.opencv.imgproc.Imgproc.INTER_LINEAR;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.InputBuffer;
import org.roadscan.detector.image.Letterbox;
import org.roadscan.detector.image.OpenCvNatives;
import org.roadscan.detector.metadata.MetadataReader;
import org.roadscan.detector.model.DamageModel;
import org.roadscan.detector.model.Nms;
import org.roadscan.detector.model.OutputDecoder;

/**
 * Where one photo's time goes, stage by stage, on one thread: metadata, JPEG decode (full size and
 * scaled by the JPEG decoder), letterbox with input conversion, forward, output decoding with NMS.
 * Not a test. Usage: {@code StageBench MODEL_DIR IMAGE_DIR [ROUNDS]} (the images whose name
 * contains "pothole"). Prints the mean over images of each stage's median, in milliseconds.
 */
public final class StageBench {

  private StageBench() {
  }

  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args[0]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    List<byte[]> photos = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(args[1]))) {
      for (Path p : files.filter(f -> f.getFileName().toString().contains("pothole")
          && f.toString().endsWith(".jpg")).sorted().toList()) {
        photos.add(Files.readAllBytes(p));
      }
    }
    MetadataReader metadata = new MetadataReader();
    OpenCvNatives.setThreads(1);
    try (DamageModel model = DamageModel.builder().setModelDir(modelDir).optIntraOpThreads(1)
        .build(); Predictor<NDList, NDList> predictor = model.newPredictor()) {
      int s = model.spec().inputSize();
      String[] names = {"metadata", "decode (full size)", "decode (JPEG-scaled)",
          "letterbox + input (from full)", "letterbox + input (from scaled)", "forward",
          "output decoding + NMS"};
      double[] sum = new double[names.length];
      InputBuffer buffer = InputBuffer.of(s); // as a worker reuses it
      for (byte[] jpeg : photos) {
        Mat full = ImageDecoder.decodeJpeg(jpeg);
        int reduction = ImageDecoder.reductionFor(Math.max(full.cols(), full.rows()), s);
        Mat scaled = ImageDecoder.decodeJpeg(jpeg, reduction);
        float[] input = Letterbox.of(full.cols(), full.rows(), s).toInput(full);
        float[] output = model.forward(predictor, input);
        List<Supplier<Object>> stages = List.of(
            () -> metadataOrNull(metadata, jpeg),
            () -> release(decode(jpeg, 1)),
            () -> release(decode(jpeg, reduction)),
            () -> Letterbox.of(full.cols(), full.rows(), s).toInput(full, INTER_LINEAR, buffer),
            () -> Letterbox.of(scaled.cols(), scaled.rows(), s).toInput(scaled, INTER_LINEAR,
                buffer),
            () -> model.forward(predictor, input),
            () -> Nms.apply(OutputDecoder.decode(output, model.spec().classThresholds(),
                OutputDecoder.DEFAULT_PER_CLASS_LIMIT), model.spec().nmsThreshold(), 300));
        for (int i = 0; i < stages.size(); i++) {
          sum[i] += median(stages.get(i), rounds);
        }
        full.release();
        scaled.release();
      }
      System.out.printf(Locale.ROOT, "%d photos, input %d px, 1 thread, median of %d rounds, "
          + "mean over photos:%n", photos.size(), s, rounds);
      for (int i = 0; i < names.length; i++) {
        System.out.printf(Locale.ROOT, "  %-32s %7.2f ms%n", names[i], sum[i] / photos.size());
      }
    }
  }

  private static Object metadataOrNull(MetadataReader reader, byte[] jpeg) {
    try {
      return reader.read(jpeg);
    } catch (Exception e) {
      return null;
    }
  }

  private static Mat decode(byte[] jpeg, int reduction) {
    try {
      return ImageDecoder.decodeJpeg(jpeg, reduction);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object release(Mat m) {
    m.release();
    return m;
  }

  private static double median(Supplier<Object> stage, int rounds) {
    // warm up for at least half a second, so that even the cheap stages run JIT-compiled
    long warmUntil = System.nanoTime() + 500_000_000L;
    for (int i = 0; i < 5 || System.nanoTime() < warmUntil; i++) {
      stage.get();
    }
    double[] t = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      stage.get();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return t[rounds / 2];
  }
}
