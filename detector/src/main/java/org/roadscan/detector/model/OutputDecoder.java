package org.roadscan.detector.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.roadscan.detector.PixelBox;

/**
 * Turns RoadNet's raw output rows into per-class candidates, the same way as the Python
 * reference's {@code postprocess}: for each class, every anchor whose probability is strictly
 * above that class's threshold, at most {@code perClassLimit} of them (the highest scores). No
 * suppression here; see {@link Nms}. Stateless and thread-safe.
 */
public final class OutputDecoder {

  /** The reference keeps the top 500 candidates per class before NMS. */
  public static final int DEFAULT_PER_CLASS_LIMIT = 500;

  private OutputDecoder() {
  }

  /**
   * Decodes {@code [anchors, 4 + classes]} row-major floats.
   *
   * @param output the tensor data, row per anchor: x0, y0, x1, y1 (model input px), then the
   *     class probabilities
   * @param thresholds per class in synset order, its size is the number of classes C (the row
   *     length is {@code 4 + C}); a candidate of class c needs a probability strictly above
   *     {@code thresholds.get(c)}
   * @param perClassLimit at most this many candidates per class (highest scores kept)
   * @return candidates with boxes in model input pixels, grouped by class, each group by
   *     descending score
   */
  public static List<Candidate> decode(float[] output, List<Double> thresholds,
      int perClassLimit) {
    int classes = thresholds.size();
    int row = 4 + classes;
    if (classes <= 0 || output.length % row != 0) {
      throw new IllegalArgumentException("output length " + output.length
          + " is not a multiple of 4 + " + classes);
    }
    int anchors = output.length / row;
    List<Candidate> all = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      double threshold = thresholds.get(c);
      List<Candidate> mine = new ArrayList<>();
      for (int a = 0, o = 0; a < anchors; a++, o += row) {
        float p = output[o + 4 + c];
        if (p > threshold) {
          float x0 = output[o];
          float y0 = output[o + 1];
          float x1 = Math.max(x0, output[o + 2]);
          float y1 = Math.max(y0, output[o + 3]);
          mine.add(new Candidate(c, p, new PixelBox(x0, y0, x1, y1)));
        }
      }
      mine.sort(Comparator.comparingDouble(Candidate::score).reversed());
      all.addAll(mine.size() > perClassLimit ? mine.subList(0, perClassLimit) : mine);
    }
    return all;
  }
}
