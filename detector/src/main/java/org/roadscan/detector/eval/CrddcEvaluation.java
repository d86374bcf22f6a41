package org.roadscan.detector.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
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
 *
 * <p>{@link ClassGroup}s are scored once more as one class each, matched separately by the same
 * rule with class identity inside the group ignored: each member's prediction counts at its own
 * class's threshold, and AP ranks all members' predictions by confidence. A group's row does not
 * enter the overall figures. Not thread-safe: one instance per evaluation run.
 */
public final class CrddcEvaluation {

  /** Minimum IoU for a match. */
  public static final double MATCH_IOU = 0.5;

  private record Scored(double score, int classIndex, boolean tp) {
  }

  /** A group's member classes by index, its predictions and its label count. */
  private static final class GroupTally {
    final ClassGroup group;
    final boolean[] member;
    final List<Scored> scored = new ArrayList<>();
    int labels;

    GroupTally(ClassGroup group, List<String> classNames) {
      this.group = group;
      this.member = new boolean[classNames.size()];
      for (String m : group.members()) {
        int i = classNames.indexOf(m);
        if (i < 0) {
          throw new IllegalArgumentException("group " + group.name() + ": class " + m
              + " is not one of " + classNames);
        }
        member[i] = true;
      }
    }
  }

  private final List<String> classNames;
  private final List<List<Scored>> perClass = new ArrayList<>();
  private final int[] labelCounts;
  private final List<GroupTally> groups = new ArrayList<>();
  private int images;

  /** @param classNames the model's synset; label and prediction class indices refer to it */
  public CrddcEvaluation(List<String> classNames) {
    this(classNames, List.of());
  }

  /**
   * @param classNames the model's synset; label and prediction class indices refer to it
   * @param groups classes also scored as one, each member one of {@code classNames}
   * @throws IllegalArgumentException when a group names a class the synset does not have
   */
  public CrddcEvaluation(List<String> classNames, List<ClassGroup> groups) {
    this.classNames = List.copyOf(classNames);
    for (int i = 0; i < classNames.size(); i++) {
      perClass.add(new ArrayList<>());
    }
    labelCounts = new int[classNames.size()];
    for (ClassGroup g : groups) {
      this.groups.add(new GroupTally(g, this.classNames));
    }
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
    List<Detection> order = new ArrayList<>(predictions);
    order.sort(Comparator.comparingDouble(Detection::confidence).reversed());
    for (Scored s : match(order, labels, c -> true, false)) {
      perClass.get(s.classIndex()).add(s);
    }
    for (GroupTally g : groups) {
      for (LabelBox l : labels) {
        if (g.member[l.classIndex()]) {
          g.labels++;
        }
      }
      g.scored.addAll(match(order, labels, c -> g.member[c], true));
    }
  }

  /**
   * Matches the predictions of the classes {@code taken} accepts, by descending confidence, each
   * to the unmatched label of highest IoU (at least {@link #MATCH_IOU}) of the same class, or of
   * any class {@code taken} accepts when {@code acrossClasses}.
   */
  private static List<Scored> match(List<Detection> byConfidence, List<LabelBox> labels,
      IntPredicate taken, boolean acrossClasses) {
    boolean[] used = new boolean[labels.size()];
    List<Scored> out = new ArrayList<>();
    for (Detection d : byConfidence) {
      if (!taken.test(d.classIndex())) {
        continue;
      }
      int best = -1;
      double bestIou = MATCH_IOU;
      for (int j = 0; j < labels.size(); j++) {
        LabelBox l = labels.get(j);
        boolean candidate = acrossClasses ? taken.test(l.classIndex())
            : l.classIndex() == d.classIndex();
        if (!used[j] && candidate) {
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
      out.add(new Scored(d.confidence(), d.classIndex(), best >= 0));
    }
    return out;
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
      ClassMetrics m = metrics(perClass.get(c), labelCounts[c], thresholds, threshold);
      if (labelCounts[c] > 0) {
        apSum += m.ap50();
        apCount++;
      }
      classes.put(classNames.get(c), m);
      allLabels += labelCounts[c];
      allPredictions += m.predictions();
      allTp += m.tp();
    }
    ClassMetrics overall = ClassMetrics.of(commonThreshold(thresholds), allLabels,
        allPredictions, allTp, apCount > 0 ? apSum / apCount : Double.NaN);
    Map<ClassGroup, ClassMetrics> groupRows = new LinkedHashMap<>();
    for (GroupTally g : groups) {
      List<Double> own = new ArrayList<>();
      for (int c = 0; c < classNames.size(); c++) {
        if (g.member[c]) {
          own.add(thresholds.get(c));
        }
      }
      groupRows.put(g.group, metrics(g.scored, g.labels, thresholds, commonThreshold(own)));
    }
    return new EvaluationReport(images, overall, classes, groupRows);
  }

  /** The one threshold of all of {@code thresholds}, or NaN when they differ. */
  private static double commonThreshold(List<Double> thresholds) {
    return thresholds.stream().distinct().count() == 1 ? thresholds.get(0) : Double.NaN;
  }

  /**
   * Counts of {@code scored} predictions, each at its class's threshold, and their AP against
   * {@code labels} labels ({@code NaN} without labels).
   */
  private static ClassMetrics metrics(List<Scored> scored, int labels, List<Double> thresholds,
      double shownThreshold) {
    List<Scored> r = new ArrayList<>(scored);
    r.sort(Comparator.comparingDouble(Scored::score).reversed());
    int predictions = 0;
    int tp = 0;
    for (Scored s : r) {
      if (s.score() >= thresholds.get(s.classIndex())) {
        predictions++;
        if (s.tp()) {
          tp++;
        }
      }
    }
    double ap = labels > 0 ? averagePrecision(r, labels) : Double.NaN;
    return ClassMetrics.of(shownThreshold, labels, predictions, tp, ap);
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
