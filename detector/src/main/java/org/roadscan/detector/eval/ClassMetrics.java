package org.roadscan.detector.eval;

/**
 * Detection quality for one class (or all classes together). Immutable.
 *
 * @param threshold the confidence threshold that {@code predictions} and {@code tp} count at,
 *     0..1; for all classes together, the classes' common threshold, or {@code NaN} when they
 *     differ (each class then counts at its own)
 * @param labels number of labelled damages
 * @param predictions number of predictions at or above the threshold
 * @param tp predictions at or above the threshold matched to a label (true positives)
 * @param precision {@code tp / predictions}, 0 when there are no predictions
 * @param recall {@code tp / labels}, 0 when there are no labels
 * @param f1 harmonic mean of precision and recall, 0 when both are 0
 * @param ap50 average precision at IoU 0.5 over all predictions above the evaluation floor
 *     (all-point interpolation); {@code NaN} when the class has no labels
 */
public record ClassMetrics(double threshold, int labels, int predictions, int tp,
    double precision, double recall, double f1, double ap50) {

  /** Precision, recall and F1 from counts. */
  static ClassMetrics of(double threshold, int labels, int predictions, int tp, double ap50) {
    double p = predictions > 0 ? (double) tp / predictions : 0;
    double r = labels > 0 ? (double) tp / labels : 0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    return new ClassMetrics(threshold, labels, predictions, tp, p, r, f1, ap50);
  }
}
