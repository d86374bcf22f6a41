package org.roadscan.detector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.opencv.core.Mat;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.OpenCvNatives;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.privacy.Anonymized;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.BrightPlateFinder;
import org.roadscan.detector.privacy.FaceFinder;
import org.roadscan.detector.privacy.PlateFinder;
import org.roadscan.detector.privacy.PrivacyModels;

/**
 * The anonymiser's time on one frame (issue #31): face search, plate search, and the whole
 * European-plate search ({@link BrightPlateFinder}) and the whole {@code anonymize} (decode, the
 * three searches, blur, encode). Not a test. Usage:
 * {@code AnonymizerBench PRIVACY_DIR IMAGE [ROUNDS] [OPENCV_THREADS]}. Prints each median in ms.
 */
public final class AnonymizerBench {

  private AnonymizerBench() {
  }

  public static void main(String[] args) throws Exception {
    PrivacyModels models = PrivacyModels.load(Path.of(args[0]));
    byte[] jpeg = Files.readAllBytes(Path.of(args[1]));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    if (args.length > 3) {
      OpenCvNatives.setThreads(Integer.parseInt(args[3]));
    }
    Mat image = ImageDecoder.decodeJpeg(jpeg);
    double[] face = new double[rounds];
    double[] plate = new double[rounds];
    double[] bright = new double[rounds];
    double[] whole = new double[rounds];
    Anonymized last = null;
    try (FaceFinder faces = new FaceFinder(models); PlateFinder plates = new PlateFinder(models);
        BrightPlateFinder brightPlates = new BrightPlateFinder();
        Anonymizer anonymizer = new Anonymizer(models)) {
      faces.find(image);
      plates.find(image);
      brightPlates.find(image);
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        faces.find(image);
        long t1 = System.nanoTime();
        plates.find(image);
        long t2 = System.nanoTime();
        brightPlates.find(image);
        long tb = System.nanoTime();
        last = anonymizer.anonymize(jpeg, PixelLimit.DEFAULT);
        long t3 = System.nanoTime();
        face[i] = (t1 - t0) / 1e6;
        plate[i] = (t2 - t1) / 1e6;
        bright[i] = (tb - t2) / 1e6;
        whole[i] = (t3 - tb) / 1e6;
      }
    }
    System.out.printf(Locale.ROOT, "%s %dx%d (%.1f MP), OpenCV threads %d, %d rounds, medians:%n"
            + "  faces %.0f ms, plates %.0f ms, European plates %.0f ms, anonymize (decode+find+blur+encode) %.0f ms;"
            + " %d faces, %d plates%n", args[1], image.cols(), image.rows(),
        image.total() / 1e6, OpenCvNatives.threads(), rounds, median(face), median(plate),
        median(bright), median(whole), last.faces(), last.plates());
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
