package org.roadscan.detector.privacy;

import com.google.gson.Gson;
import com.google.gson.annotations.SerializedName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.PixelBox;

/**
 * The hand-labelled privacy recall set of issue #31 ({@code bench/privacy-recall.json}) and the rule
 * that scores a search against it. A labelled face or plate counts as <b>found</b> when at least
 * {@value #COVERED} of its box lies inside the area the anonymiser blurs (the union of every found
 * region widened by {@link Anonymizer#MARGIN}, faces and plates together: a plate blurred as part
 * of a face still cannot be read). Boxes in pixels of the image file, x right, y down.
 */
public final class RecallSet {

  /** Fraction of a labelled box that must be blurred for it to count as found. */
  public static final double COVERED = 0.8;
  /** Smallest height, in px, the floors apply to. */
  public static final double FLOOR_HEIGHT_PX = 20;

  /** One labelled image. Boxes are {@code [x0, y0, x1, y1]} in its pixels. */
  public record Entry(String file, String source, String licence, List<double[]> faces,
      List<double[]> plates) {
  }

  private record Json(@SerializedName("images") List<Entry> images) {
  }

  public final List<Entry> entries;
  /** Per file, the factor its image is enlarged by before searching (1 when absent). */
  private final Map<String, Double> enlargement;

  private RecallSet(List<Entry> entries, Map<String, Double> enlargement) {
    this.entries = entries;
    this.enlargement = enlargement;
  }

  /**
   * The set with every image enlarged (bicubic) just enough that its smallest labelled face or
   * plate is {@link #FLOOR_HEIGHT_PX} tall, and its boxes scaled alike; images whose regions all
   * reach the floor are left as they are. A synthetic check of issue #31's floor: the labelled
   * regions keep their content (no detail is added), only their size in pixels reaches the height
   * the floor applies to, so a search that only keeps regions ≥ 20 px can be measured on them.
   */
  public RecallSet enlargedToFloor() {
    List<Entry> scaled = new ArrayList<>();
    Map<String, Double> factors = new HashMap<>();
    for (Entry e : entries) {
      double smallest = Double.MAX_VALUE;
      for (PixelBox b : boxes(e.faces())) {
        smallest = Math.min(smallest, b.height());
      }
      for (PixelBox b : boxes(e.plates())) {
        smallest = Math.min(smallest, b.height());
      }
      double k = Math.max(1, FLOOR_HEIGHT_PX / smallest);
      factors.put(e.file(), k);
      scaled.add(new Entry(e.file(), e.source(), e.licence(), scaledBoxes(e.faces(), k),
          scaledBoxes(e.plates(), k)));
    }
    return new RecallSet(scaled, factors);
  }

  private static List<double[]> scaledBoxes(List<double[]> raw, double k) {
    return raw.stream().map(b -> new double[] {b[0] * k, b[1] * k, b[2] * k, b[3] * k}).toList();
  }

  /** The image of an entry as searched: decoded, then enlarged as {@link #enlargedToFloor()}. */
  Mat image(Entry e, Path file, Function<Path, Mat> decode) {
    Mat image = decode.apply(file);
    double k = enlargement.getOrDefault(e.file(), 1.0);
    if (k == 1) {
      return image;
    }
    Mat big = new Mat();
    Imgproc.resize(image, big, new Size(Math.round(image.cols() * k),
        Math.round(image.rows() * k)), 0, 0, Imgproc.INTER_CUBIC);
    image.release();
    return big;
  }

  public static RecallSet read(Path json) throws IOException {
    Json j = new Gson().fromJson(Files.readString(json), Json.class);
    for (Entry e : j.images()) {
      if (e.file() == null || e.faces() == null || e.plates() == null) {
        throw new IOException(json + ": entry without file, faces or plates: " + e);
      }
    }
    return new RecallSet(j.images(), Map.of());
  }

  /** The boxes of one kind as {@link PixelBox}es. */
  public static List<PixelBox> boxes(List<double[]> raw) {
    return raw.stream().map(b -> new PixelBox(b[0], b[1], b[2], b[3])).toList();
  }

  /** 8-bit mask of the blurred area: 255 inside any widened region. Caller releases it. */
  public static Mat blurredMask(List<PrivacyRegion> regions, int widthPx, int heightPx) {
    Mat mask = Mat.zeros(heightPx, widthPx, CvType.CV_8UC1);
    for (PrivacyRegion r : regions) {
      Rect w = Anonymizer.widened(r.box(), widthPx, heightPx);
      if (w.width > 0 && w.height > 0) {
        Mat roi = mask.submat(w);
        roi.setTo(new Scalar(255));
        roi.release();
      }
    }
    return mask;
  }

  /** Fraction of {@code box} (clipped to the mask) inside the blurred area. */
  public static double covered(Mat mask, PixelBox box) {
    int x0 = (int) Math.max(0, Math.round(box.x0()));
    int y0 = (int) Math.max(0, Math.round(box.y0()));
    int x1 = (int) Math.min(mask.cols(), Math.round(box.x1()));
    int y1 = (int) Math.min(mask.rows(), Math.round(box.y1()));
    if (x1 <= x0 || y1 <= y0) {
      return 0;
    }
    Mat roi = mask.submat(y0, y1, x0, x1);
    double inside = Core.countNonZero(roi);
    roi.release();
    return inside / ((double) (x1 - x0) * (y1 - y0));
  }

  /** Found / labelled per height band; bands: under 10 px, 10–20 px, at least 20 px. */
  public static final class Tally {
    final int[] labelled = new int[3];
    final int[] found = new int[3];
    final List<String> missed = new ArrayList<>();

    void add(String file, PixelBox box, boolean wasFound) {
      int band = box.height() < 10 ? 0 : box.height() < FLOOR_HEIGHT_PX ? 1 : 2;
      labelled[band]++;
      if (wasFound) {
        found[band]++;
      } else {
        missed.add(String.format(Locale.ROOT, "%s [%.0f,%.0f,%.0f,%.0f] h%.0f", file, box.x0(),
            box.y0(), box.x1(), box.y1(), box.height()));
      }
    }

    /** Labelled regions at least {@link #FLOOR_HEIGHT_PX} tall. */
    public int labelledAtFloor() {
      return labelled[2];
    }

    /** Recall over regions at least {@link #FLOOR_HEIGHT_PX} tall; NaN when there are none. */
    public double recallAtFloor() {
      return labelled[2] == 0 ? Double.NaN : (double) found[2] / labelled[2];
    }

    /** Labelled regions of every height. */
    public int labelled() {
      return labelled[0] + labelled[1] + labelled[2];
    }

    /** Recall over regions of every height; NaN when there are none. */
    public double recall() {
      int all = labelled();
      return all == 0 ? Double.NaN : (double) (found[0] + found[1] + found[2]) / all;
    }

    public List<String> missed() {
      return missed;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      String[] names = {"<10 px", "10-20 px", ">=20 px"};
      int all = 0;
      int allFound = 0;
      for (int b = 0; b < 3; b++) {
        s.append(String.format(Locale.ROOT, "%s %d/%d (%s); ", names[b], found[b], labelled[b],
            labelled[b] == 0 ? "-" : String.format(Locale.ROOT, "%.2f",
                (double) found[b] / labelled[b])));
        all += labelled[b];
        allFound += found[b];
      }
      return s.append(String.format(Locale.ROOT, "all %d/%d", allFound, all)).toString();
    }
  }

  /** Face and plate tallies of one search over the set. */
  public record Result(Tally faces, Tally plates, double msPerImage) {
  }

  /**
   * Scores {@code search} (a BGR image to the regions it would blur) over the set.
   *
   * @param dirs directories searched in order for each entry's file
   * @param decode file to BGR image; the caller's decoder
   */
  public Result score(List<Path> dirs, Function<Path, Mat> decode,
      Function<Mat, List<PrivacyRegion>> search) {
    Tally faces = new Tally();
    Tally plates = new Tally();
    long nanos = 0;
    for (Entry e : entries) {
      Path file = dirs.stream().map(d -> d.resolve(e.file())).filter(Files::isRegularFile)
          .findFirst().orElseThrow(() -> new IllegalArgumentException(e.file() + " in none of "
              + dirs));
      Mat image = image(e, file, decode);
      long t0 = System.nanoTime();
      List<PrivacyRegion> found = search.apply(image);
      nanos += System.nanoTime() - t0;
      Mat mask = blurredMask(found, image.cols(), image.rows());
      for (PixelBox b : boxes(e.faces())) {
        faces.add(e.file(), b, covered(mask, b) >= COVERED);
      }
      for (PixelBox b : boxes(e.plates())) {
        plates.add(e.file(), b, covered(mask, b) >= COVERED);
      }
      mask.release();
      image.release();
    }
    return new Result(faces, plates, nanos / 1e6 / Math.max(1, entries.size()));
  }
}
