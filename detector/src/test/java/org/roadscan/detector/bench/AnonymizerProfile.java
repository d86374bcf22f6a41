package org.roadscan.detector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.OpenCvNatives;
import org.roadscan.detector.privacy.BrightPlateFinder;
import org.roadscan.detector.privacy.PlateFinder;
import org.roadscan.detector.privacy.PrivacyModels;

/**
 * Where the anonymiser's time goes on one frame (issue #31): JPEG decode, area resize, the face
 * network and the plate network's forward alone at several reductions, and JPEG encode. Not a
 * test. Usage: {@code AnonymizerProfile PRIVACY_DIR IMAGE REDUCTION...}; prints ms per stage,
 * each the median of three after one warm-up ({@code -Dprofile.rounds=N}: of N). The plate network
 * is timed on the whole reduced frame and, as production searches it, in
 * {@link PlateFinder#TILES} tiles.
 */
public final class AnonymizerProfile {

  private AnonymizerProfile() {
  }

  public static void main(String[] args) throws Exception {
    OpenCvNatives.ensureLoaded();
    PrivacyModels models = PrivacyModels.load(Path.of(args[0]));
    byte[] jpeg = Files.readAllBytes(Path.of(args[1]));
    Mat image = ImageDecoder.decodeJpeg(jpeg);
    System.out.printf(Locale.ROOT, "%s %dx%d, OpenCV threads %d%n", args[1], image.cols(),
        image.rows(), OpenCvNatives.threads());
    time("decode", () -> ImageDecoder.decodeJpeg(jpeg).release());
    time("encode q92", () -> {
      MatOfByte out = new MatOfByte();
      Imgcodecs.imencode(".jpg", image, out);
      out.release();
    });
    try (BrightPlateFinder bright = new BrightPlateFinder()) {
      time("bright-plate finder (production scale)", () -> bright.find(image));
      Mat feed = new Mat();
      Imgproc.resize(image, feed, new Size(1280, 720), 0, 0, Imgproc.INTER_AREA);
      time("bright-plate finder, frame resized to 1280x720", () -> bright.find(feed));
      feed.release();
    }
    FaceDetectorYN face = FaceDetectorYN.create(models.face().toString(), "", new Size(320, 320),
        0.3f, 0.3f, 5000);
    Net plate = Dnn.readNetFromONNX(models.plate().toString());
    for (int i = 2; i < args.length; i++) {
      double r = Double.parseDouble(args[i]);
      Mat small = new Mat();
      Size size = new Size(Math.round(image.cols() / r), Math.round(image.rows() / r));
      time("resize 1/" + r, () -> Imgproc.resize(image, small, size, 0, 0, Imgproc.INTER_AREA));
      String at = String.format(Locale.ROOT, " 1/%s (%dx%d)", args[i], small.cols(), small.rows());
      time("face net" + at, () -> {
        face.setInputSize(small.size());
        Mat out = new Mat();
        face.detect(small, out);
        out.release();
      });
      time("plate forward" + at, () -> {
        Mat blob = Dnn.blobFromImage(small);
        plate.setInput(blob);
        List<Mat> outs = new ArrayList<>();
        plate.forward(outs, List.of("loc", "conf", "iou"));
        outs.forEach(Mat::release);
        blob.release();
      });
      List<Rect> tiles = PlateFinder.TILES.tiles(small.cols(), small.rows());
      time("plate forward tiled" + at + ", " + tiles.size() + " tiles", () -> {
        for (Rect t : tiles) {
          Mat tile = small.submat(t);
          Mat blob = Dnn.blobFromImage(tile);
          plate.setInput(blob);
          List<Mat> outs = new ArrayList<>();
          plate.forward(outs, List.of("loc", "conf", "iou"));
          outs.forEach(Mat::release);
          blob.release();
          tile.release();
        }
      });
      small.release();
    }
  }

  interface Stage {
    void run() throws Exception;
  }

  static void time(String name, Stage s) throws Exception {
    s.run();
    double[] ms = new double[Integer.getInteger("profile.rounds", 3)];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      s.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    System.out.printf(Locale.ROOT, "  %-40s %8.1f ms%n", name, AnonymizerBench.median(ms));
  }
}
