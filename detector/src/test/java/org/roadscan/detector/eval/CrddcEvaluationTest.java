package org.roadscan.detector.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.Detection;
import org.roadscan.detector.PixelBox;

class CrddcEvaluationTest {

  private static final List<String> NAMES = List.of("D00", "D10", "D20", "D40");

  private static Detection pred(int cls, double conf, double x0, double y0, double x1, double y1) {
    return new Detection(NAMES.get(cls), cls, conf, new PixelBox(x0, y0, x1, y1));
  }

  private static LabelBox label(int cls, double x0, double y0, double x1, double y1) {
    return new LabelBox(cls, new PixelBox(x0, y0, x1, y1));
  }

  /**
   * Three potholes, four predictions by confidence: hit, miss, hit, miss. At threshold 0.5:
   * P = 2/4, R = 2/3, F1 = 2PR/(P+R) = 4/7. Precision envelope over recall 1/3 and 2/3 is 1 and
   * 2/3, so AP = 1/3 * 1 + 1/3 * 2/3 = 5/9.
   */
  @Test
  void scoresTheHandComputedExample() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    e.add(List.of(
        pred(3, 0.9, 0, 0, 100, 100),       // TP: label a
        pred(3, 0.8, 500, 500, 600, 600),   // FP: nothing there
        pred(3, 0.7, 205, 0, 305, 100),     // TP: label b (IoU 0.90)
        pred(3, 0.6, 400, 0, 430, 30)),     // FP: label c too far (IoU 0.09)
        List.of(label(3, 0, 0, 100, 100), label(3, 200, 0, 300, 100),
            label(3, 400, 0, 500, 100)));
    ClassMetrics m = e.report(0.5).classes().get("D40");
    assertThat(m.labels()).isEqualTo(3);
    assertThat(m.predictions()).isEqualTo(4);
    assertThat(m.tp()).isEqualTo(2);
    assertThat(m.precision()).isEqualTo(0.5);
    assertThat(m.recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.f1()).isCloseTo(4.0 / 7, within(1e-12));
    assertThat(m.ap50()).isCloseTo(5.0 / 9, within(1e-12));
  }

  @Test
  void countsOnlyPredictionsAtOrAboveTheThresholdForPrecisionAndRecall() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    e.add(List.of(pred(3, 0.9, 0, 0, 100, 100), pred(3, 0.3, 200, 0, 300, 100)),
        List.of(label(3, 0, 0, 100, 100), label(3, 200, 0, 300, 100)));
    ClassMetrics m = e.report(0.5).classes().get("D40");
    assertThat(m.predictions()).isEqualTo(1);
    assertThat(m.precision()).isEqualTo(1.0);
    assertThat(m.recall()).isEqualTo(0.5);
    // the low-confidence hit still counts for AP
    assertThat(m.ap50()).isEqualTo(1.0);
  }

  @Test
  void matchesOnlyTheSameClassAndEachLabelOnce() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    e.add(List.of(
            pred(3, 0.9, 0, 0, 100, 100),   // TP
            pred(3, 0.8, 2, 2, 100, 100),   // duplicate: label already matched, FP
            pred(0, 0.7, 0, 0, 100, 100)),  // right place, wrong class: FP for D00
        List.of(label(3, 0, 0, 100, 100)));
    EvaluationReport r = e.report(0.25);
    assertThat(r.classes().get("D40").tp()).isEqualTo(1);
    assertThat(r.classes().get("D40").precision()).isEqualTo(0.5);
    ClassMetrics cracks = r.classes().get("D00");
    assertThat(cracks.labels()).isZero();
    assertThat(cracks.predictions()).isEqualTo(1);
    assertThat(cracks.ap50()).isNaN();
    // overall pools counts: 1 TP of 3 predictions, 1 label; AP is the mean over labelled classes
    assertThat(r.overall().precision()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.overall().recall()).isEqualTo(1.0);
    assertThat(r.overall().ap50()).isEqualTo(r.classes().get("D40").ap50());
  }

  @Test
  void takesTheBestOverlappingLabelNotTheFirst() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    // the prediction overlaps label 0 with IoU 0.6 and label 1 with IoU 1.0
    e.add(List.of(pred(3, 0.9, 40, 0, 140, 100), pred(3, 0.8, 0, 0, 100, 100)),
        List.of(label(3, 0, 0, 100, 100), label(3, 40, 0, 140, 100)));
    assertThat(e.report(0.5).classes().get("D40").tp()).isEqualTo(2);
  }

  @Test
  void anImageWithoutLabelsMakesEveryPredictionFalse() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    e.add(List.of(pred(3, 0.9, 0, 0, 10, 10)), List.of());
    e.add(List.of(), List.of(label(3, 0, 0, 10, 10)));
    EvaluationReport r = e.report(0.5);
    assertThat(r.images()).isEqualTo(2);
    assertThat(r.classes().get("D40").tp()).isZero();
    assertThat(r.classes().get("D40").f1()).isZero();
    assertThat(r.classes().get("D40").ap50()).isZero();
  }
}
