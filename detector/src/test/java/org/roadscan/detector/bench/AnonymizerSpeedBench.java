package org.roadscan.detector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.OpenCvNatives;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.FaceFinder;
import org.roadscan.detector.privacy.PlateFinder;
import org.roadscan.detector.privacy.PrivacyModels;
import org.roadscan.detector.privacy.PrivacyRegion;
import org.roadscan.detector.privacy.TileGrid;

/**
 * The anonymiser before and after issue #31's speed work, in one JVM, rounds alternating so that
 * both see the same load: the search as it was (both fine passes at full resolution, each network
 * on the whole frame) against the production {@link Anonymizer#find}, on a frame and on
 * that frame resized to 1280x720 (a feed frame). Also times the whole production
 * {@link Anonymizer#anonymize} (decode, search, blur, encode) and, for the old path, decode +
 * search + encode. Not a test. Usage: {@code AnonymizerSpeedBench PRIVACY_DIR IMAGE [ROUNDS=3]
 * [OPENCV_THREADS]}; prints medians in ms and the ratio old / new.
 */
public final class AnonymizerSpeedBench {

  private static final TileGrid WHOLE = new TileGrid(Integer.MAX_VALUE / 2, 0);

  private AnonymizerSpeedBench() {
  }

  public static void main(String[] args) throws Exception {
    OpenCvNatives.ensureLoaded();
    PrivacyModels models = PrivacyModels.load(Path.of(args[0]));
    byte[] jpeg = Files.readAllBytes(Path.of(args[1]));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    if (args.length > 3) {
      OpenCvNatives.setThreads(Integer.parseInt(args[3]));
    }
    Mat full = ImageDecoder.decodeJpeg(jpeg);
    Mat feed = new Mat();
    Imgproc.resize(full, feed, new Size(1280, 720), 0, 0, Imgproc.INTER_AREA);
    byte[] feedJpeg = encode(feed);
    try (FaceFinder faces = new FaceFinder(models); PlateFinder plates = new PlateFinder(models);
        Anonymizer anonymizer = new Anonymizer(models)) {
      Function<Mat, List<PrivacyRegion>> old = m -> {
        List<PrivacyRegion> all = new ArrayList<>(faces.find(m, 1, WHOLE));
        all.addAll(plates.find(m, PlateFinder.SCORE_THRESHOLD, 1, WHOLE));
        return all;
      };
      compare(String.format(Locale.ROOT, "%s %dx%d", args[1], full.cols(), full.rows()), jpeg,
          full, old, anonymizer, rounds);
      compare("same resized to 1280x720", feedJpeg, feed, old, anonymizer, Math.max(5, rounds));
    }
  }

  private static void compare(String name, byte[] jpeg, Mat image,
      Function<Mat, List<PrivacyRegion>> old, Anonymizer anonymizer, int rounds)
      throws Exception {
    old.apply(image);
    anonymizer.find(image);
    double[] oldFind = new double[rounds];
    double[] newFind = new double[rounds];
    double[] oldWhole = new double[rounds];
    double[] newWhole = new double[rounds];
    int oldCount = 0;
    int newCount = 0;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      oldCount = old.apply(image).size();
      long t1 = System.nanoTime();
      newCount = anonymizer.find(image).size();
      long t2 = System.nanoTime();
      Mat decoded = ImageDecoder.decodeJpeg(jpeg);
      old.apply(decoded);
      encode(decoded);
      decoded.release();
      long t3 = System.nanoTime();
      anonymizer.anonymize(jpeg, PixelLimit.DEFAULT);
      long t4 = System.nanoTime();
      oldFind[i] = (t1 - t0) / 1e6;
      newFind[i] = (t2 - t1) / 1e6;
      oldWhole[i] = (t3 - t2) / 1e6;
      newWhole[i] = (t4 - t3) / 1e6;
    }
    double of = AnonymizerBench.median(oldFind);
    double nf = AnonymizerBench.median(newFind);
    double ow = AnonymizerBench.median(oldWhole);
    double nw = AnonymizerBench.median(newWhole);
    System.out.printf(Locale.ROOT, "%s, OpenCV threads %d, %d rounds alternating, medians:%n"
            + "  find:  old %.0f ms (%d regions), new %.0f ms (%d regions), old/new %.1fx%n"
            + "  whole: old %.0f ms (decode+find+encode), new %.0f ms (anonymize), old/new %.1fx%n",
        name, OpenCvNatives.threads(), rounds, of, oldCount, nf, newCount, of / nf, ow, nw,
        ow / nw);
  }

  private static byte[] encode(Mat image) {
    MatOfByte out = new MatOfByte();
    Imgcodecs.imencode(".jpg", image, out,
        new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, Anonymizer.QUALITY));
    byte[] bytes = out.toArray();
    out.release();
    return bytes;
  }
}
