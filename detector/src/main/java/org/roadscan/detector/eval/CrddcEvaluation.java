package org.roadscan.detector.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roadscan.detector.Detection;

/**
 * Accumulates predictions and labels image by image and scores them by the CRDDC rule: within an
 * image, predictions are taken by descending confidence, and one is a true positive when its IoU
 * with a not yet matched label of the same class is at least 0.5 (the best such label is taken).
 * This is the rule of {@code models/training/evaluate.py}.
 *
 * <p>AP@0.5 per class is the area under the all-point interpolated precision/recall curve over
 * all added predictions; the overall AP is the mean over classes that have labels. Precision,
 * recall and F1 count the predictions at or above a threshold, which may differ per class (the
 * model's operating points); overall precision and recall pool the counts of all classes, each
 * taken at its own threshold (predictions of classes without labels count as false positives).
 * Not thread-safe: one instance per evaluation run.
 */
public final class CrddcEvaluation {

  /** Minimum IoU for a match. */
  public static final double MATCH_IOU = 0.5;

  private record Scored(double score, boolean tp) {
  }

  private final List<String> classNames;
  private final List<List<Scored>> perClass = new ArrayList<>();
  private final int[] labelCounts;
  private int images;

  /** @param classNames the model's synset; label and prediction class indices refer to it */
  public CrddcEvaluation(List<String> classNames) {
    this.classNames = List.copyOf(classNames);
    for (int i = 0; i < classNames.size(); i++) {
      perClass.add(new ArrayList<>());
    }
    labelCounts = new int[classNames.size()];
  }

  /**
   * Adds one image.
   *
   * @param predictions everything the model found down to the evaluation floor, any order
   * @param labels the image's labels, boxes in the same pixels as the predictions
   */
  public void add(List<Detection> predictions, List<LabelBox> labels) {
    images++;
    for (LabelBox l : labels) {
      labelCounts[l.classIndex()]++;
    }
    boolean[] used = new boolean[labels.size()];
    List<Detection> order = new ArrayList<>(predictions);
    order.sort(Comparator.comparingDouble(Detection::confidence).reversed());
    for (Detection d : order) {
      int best = -1;
      double bestIou = MATCH_IOU;
      for (int j = 0; j < labels.size(); j++) {
        LabelBox l = labels.get(j);
        if (!used[j] && l.classIndex() == d.classIndex()) {
          double iou = d.box().iou(l.box());
          if (iou >= bestIou) {
            bestIou = iou;
            best = j;
          }
        }
      }
      if (best >= 0) {
        used[best] = true;
      }
      perClass.get(d.classIndex()).add(new Scored(d.confidence(), best >= 0));
    }
  }

  /**
   * The metrics so far, at one threshold for every class.
   *
   * @param threshold precision, recall and F1 count predictions with confidence {@code >=} this
   */
  public EvaluationReport report(double threshold) {
    return report(Collections.nCopies(classNames.size(), threshold));
  }

  /**
   * The metrics so far, each class at its own threshold.
   *
   * @param thresholds per class in synset order: precision, recall and F1 of class c count its
   *     predictions with confidence {@code >=} {@code thresholds.get(c)}; the overall figures
   *     pool these counts
   * @throws IllegalArgumentException when there is not one threshold per class
   */
  public EvaluationReport report(List<Double> thresholds) {
    if (thresholds.size() != classNames.size()) {
      throw new IllegalArgumentException(thresholds.size() + " thresholds for "
          + classNames.size() + " classes " + classNames);
    }
    Map<String, ClassMetrics> classes = new LinkedHashMap<>();
    int allLabels = 0;
    int allPredictions = 0;
    int allTp = 0;
    double apSum = 0;
    int apCount = 0;
    for (int c = 0; c < classNames.size(); c++) {
      double threshold = thresholds.get(c);
      List<Scored> r = new ArrayList<>(perClass.get(c));
      r.sort(Comparator.comparingDouble(Scored::score).reversed());
      int predictions = 0;
      int tp = 0;
      for (Scored s : r) {
        if (s.score() >= threshold) {
          predictions++;
          if (s.tp()) {
            tp++;
          }
        }
      }
      double ap = labelCounts[c] > 0 ? averagePrecision(r, labelCounts[c]) : Double.NaN;
      if (labelCounts[c] > 0) {
        apSum += ap;
        apCount++;
      }
      classes.put(classNames.get(c), ClassMetrics.of(threshold, labelCounts[c], predictions, tp,
          ap));
      allLabels += labelCounts[c];
      allPredictions += predictions;
      allTp += tp;
    }
    boolean common = thresholds.stream().distinct().count() == 1;
    ClassMetrics overall = ClassMetrics.of(common ? thresholds.get(0) : Double.NaN, allLabels,
        allPredictions, allTp, apCount > 0 ? apSum / apCount : Double.NaN);
    return new EvaluationReport(images, overall, classes);
  }

  /** All-point interpolated AP of score-sorted records against {@code positives} labels. */
  private static double averagePrecision(List<Scored> sorted, int positives) {
    int n = sorted.size();
    double[] rec = new double[n + 2];
    double[] pre = new double[n + 2];
    pre[0] = 1;
    int tp = 0;
    for (int i = 0; i < n; i++) {
      if (sorted.get(i).tp()) {
        tp++;
      }
      rec[i + 1] = (double) tp / positives;
      pre[i + 1] = (double) tp / (i + 1);
    }
    rec[n + 1] = 1;
    pre[n + 1] = 0;
    for (int i = n; i >= 0; i--) {
      pre[i] = Math.max(pre[i], pre[i + 1]);
    }
    double ap = 0;
    for (int i = 0; i <= n; i++) {
      if (rec[i + 1] != rec[i]) {
        ap += (rec[i + 1] - rec[i]) * pre[i + 1];
      }
    }
    return ap;
  }
}
