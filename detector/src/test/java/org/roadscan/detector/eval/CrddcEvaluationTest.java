package org.roadscan.detector.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.Detection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.testing.MiniJson;

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

  /**
   * Two potholes and two alligator cracks, thresholds D00 0.5, D10 0.25, D20 0.1, D40 0.5.
   * D40: 0.9 hit, 0.4 hit, 0.35 miss; at 0.5 only 0.9 counts: P 1, R 1/2, F1 2/3.
   * D20: 0.2 hit, 0.12 miss, 0.08 hit; at 0.1: P 1/2, R 1/2, F1 1/2. D00: 0.3 is below 0.5.
   * Pooled: 2 TP of 3 predictions, 4 labels: P 2/3, R 1/2, F1 = 2PR/(P+R) = 4/7. AP ignores
   * thresholds: D40 1, D20 1/2 * 1 + 1/2 * 2/3 = 5/6.
   */
  @Test
  void countsEachClassAtItsOwnThresholdAndPoolsTheCounts() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    e.add(List.of(
            pred(3, 0.9, 0, 0, 100, 100),       // TP: pothole a
            pred(3, 0.4, 200, 0, 300, 100),     // TP: pothole b, below D40's threshold
            pred(3, 0.35, 500, 500, 600, 600),  // FP, below D40's threshold
            pred(2, 0.2, 0, 200, 100, 300),     // TP: crack c
            pred(2, 0.12, 500, 0, 600, 100),    // FP
            pred(2, 0.08, 200, 200, 300, 300),  // TP: crack d, below D20's threshold
            pred(0, 0.3, 0, 0, 10, 10)),        // FP, below D00's threshold
        List.of(label(3, 0, 0, 100, 100), label(3, 200, 0, 300, 100),
            label(2, 0, 200, 100, 300), label(2, 200, 200, 300, 300)));
    EvaluationReport r = e.report(List.of(0.5, 0.25, 0.1, 0.5));

    ClassMetrics potholes = r.classes().get("D40");
    assertThat(potholes.threshold()).isEqualTo(0.5);
    assertThat(potholes.predictions()).isEqualTo(1);
    assertThat(potholes.tp()).isEqualTo(1);
    assertThat(potholes.precision()).isEqualTo(1.0);
    assertThat(potholes.recall()).isEqualTo(0.5);
    assertThat(potholes.f1()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(potholes.ap50()).isEqualTo(1.0);

    ClassMetrics cracks = r.classes().get("D20");
    assertThat(cracks.threshold()).isEqualTo(0.1);
    assertThat(cracks.predictions()).isEqualTo(2);
    assertThat(cracks.tp()).isEqualTo(1);
    assertThat(cracks.precision()).isEqualTo(0.5);
    assertThat(cracks.recall()).isEqualTo(0.5);
    assertThat(cracks.f1()).isEqualTo(0.5);
    assertThat(cracks.ap50()).isCloseTo(5.0 / 6, within(1e-12));

    assertThat(r.classes().get("D00").predictions()).isZero();
    assertThat(r.classes().get("D10").threshold()).isEqualTo(0.25);

    assertThat(r.overall().labels()).isEqualTo(4);
    assertThat(r.overall().predictions()).isEqualTo(3);
    assertThat(r.overall().tp()).isEqualTo(2);
    assertThat(r.overall().precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.overall().recall()).isEqualTo(0.5);
    assertThat(r.overall().f1()).isCloseTo(4.0 / 7, within(1e-12));
    assertThat(r.overall().ap50()).isCloseTo((1 + 5.0 / 6) / 2, within(1e-12));
    // no single threshold applies to all classes
    assertThat(r.threshold()).isNaN();
    assertThat(r.overall().threshold()).isNaN();
  }

  @Test
  void oneThresholdIsTheSameAsThatThresholdForEveryClass() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    e.add(List.of(pred(3, 0.9, 0, 0, 100, 100), pred(2, 0.3, 200, 0, 300, 100)),
        List.of(label(3, 0, 0, 100, 100)));
    EvaluationReport one = e.report(0.25);
    assertThat(one.threshold()).isEqualTo(0.25);
    assertThat(one.overall().threshold()).isEqualTo(0.25);
    assertThat(one).isEqualTo(e.report(List.of(0.25, 0.25, 0.25, 0.25)));
    assertThat(one.classes().values()).extracting(ClassMetrics::threshold).containsOnly(0.25);
  }

  @Test
  void refusesThresholdsThatDoNotMatchTheClasses() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    assertThatThrownBy(() -> e.report(List.of(0.1, 0.2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 thresholds for 4 classes");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theReportGivesEachClasssThresholdInJsonAndTable() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES);
    e.add(List.of(pred(3, 0.9, 0, 0, 100, 100), pred(0, 0.2, 0, 200, 100, 300)),
        List.of(label(3, 0, 0, 100, 100)));
    EvaluationReport r = e.report(List.of(0.1, 0.1, 0.15, 0.25));

    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(r.toJson());
    assertThat(json).containsKeys("images", "threshold", "overall", "classes");
    assertThat(json.get("threshold")).isNull();
    Map<String, Object> overall = (Map<String, Object>) json.get("overall");
    assertThat(overall).containsKeys("precision", "recall", "f1", "ap50");
    assertThat(overall.get("predictions")).isEqualTo(2.0);
    Map<String, Object> classes = (Map<String, Object>) json.get("classes");
    assertThat(classes).containsOnlyKeys("D00", "D10", "D20", "D40");
    assertThat(classes.values()).allSatisfy(c -> assertThat((Map<String, Object>) c)
        .containsKeys("threshold", "precision", "recall", "f1", "ap50"));
    assertThat(((Map<String, Object>) classes.get("D00")).get("threshold")).isEqualTo(0.1);
    assertThat(((Map<String, Object>) classes.get("D20")).get("threshold")).isEqualTo(0.15);
    assertThat(((Map<String, Object>) classes.get("D40")).get("threshold")).isEqualTo(0.25);

    assertThat(r.toTable())
        .contains("each class at its own threshold")
        .containsPattern("D00\\s+0\\.1000\\s+0\\s+1\\s+0\\s")
        .containsPattern("D20\\s+0\\.1500\\s")
        .containsPattern("D40\\s+0\\.2500\\s+1\\s+1\\s+1\\s")
        .containsPattern("all\\s+-\\s+1\\s+2\\s+1\\s");
    assertThat(e.report(0.3).toTable()).contains("threshold 0.3,")
        .containsPattern("all\\s+0\\.3000\\s");
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

  private static final ClassGroup CRACK = new ClassGroup("crack", List.of("D00", "D10", "D20"));

  /**
   * Three cracks of three subtypes and a pothole; thresholds D00 0.25, D10 0.1, D20 0.25, D40
   * 0.25. Per class, the crack predictions on label a (D00) and label b (D20) have the wrong
   * subtype, so they are false positives; as one crack class, by confidence: 0.6 (D20) on a hit,
   * 0.5 (D00) on b hit, 0.3 (D20) on a again false (a is taken), 0.05 (D10) on c hit but below
   * D10's threshold. Counted: 3 predictions, 2 TP, 3 labels: P = R = F1 = 2/3. AP: precision
   * 1, 1, 2/3, 3/4 at recall 1/3, 2/3, 2/3, 1, so AP = 1/3 + 1/3 + 1/3 * 3/4 = 11/12. The
   * potholes, one of them on crack a's box, do not enter the group.
   */
  @Test
  void scoresACrackGroupAcrossItsSubtypes() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES, List.of(CRACK));
    e.add(List.of(
            pred(2, 0.6, 0, 0, 100, 100),       // on a (D00): group TP
            pred(0, 0.5, 200, 0, 300, 100),     // on b (D20): group TP
            pred(2, 0.3, 2, 2, 100, 100),       // on a again: group FP
            pred(1, 0.05, 400, 0, 500, 100),    // on c (D10): TP, below D10's threshold
            pred(3, 0.9, 0, 200, 100, 300),     // pothole p: D40 TP
            pred(3, 0.8, 0, 0, 100, 100)),      // pothole on a: D40 FP, not in the group
        List.of(label(0, 0, 0, 100, 100), label(2, 200, 0, 300, 100),
            label(1, 400, 0, 500, 100), label(3, 0, 200, 100, 300)));
    EvaluationReport r = e.report(List.of(0.25, 0.1, 0.25, 0.25));

    ClassMetrics crack = r.groups().get(CRACK);
    assertThat(crack.labels()).isEqualTo(3);
    assertThat(crack.predictions()).isEqualTo(3);
    assertThat(crack.tp()).isEqualTo(2);
    assertThat(crack.precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(crack.recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(crack.f1()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(crack.ap50()).isCloseTo(11.0 / 12, within(1e-12));
    assertThat(crack.threshold()).isNaN();

    // per class the subtypes must agree: only the D10 hit counts, and it is below threshold
    assertThat(r.classes().get("D00").tp()).isZero();
    assertThat(r.classes().get("D20").tp()).isZero();
    assertThat(r.classes().get("D20").predictions()).isEqualTo(2);
    assertThat(r.classes().get("D10").predictions()).isZero();
    assertThat(r.classes().get("D10").ap50()).isEqualTo(1.0);
    // the group is not part of the overall figures: 4 labels, not 7
    assertThat(r.overall().labels()).isEqualTo(4);
    assertThat(r.overall().tp()).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theReportGivesTheGroupInJsonAndTable() {
    CrddcEvaluation e = new CrddcEvaluation(NAMES, List.of(CRACK));
    e.add(List.of(pred(0, 0.9, 0, 0, 100, 100)), List.of(label(2, 0, 0, 100, 100)));
    EvaluationReport r = e.report(0.25);

    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(r.toJson());
    Map<String, Object> crack = (Map<String, Object>) ((Map<String, Object>) json.get("groups"))
        .get("crack");
    assertThat(crack.get("classes")).isEqualTo(List.of("D00", "D10", "D20"));
    assertThat(crack.get("threshold")).isEqualTo(0.25);
    assertThat(crack.get("tp")).isEqualTo(1.0);
    assertThat(crack.get("f1")).isEqualTo(1.0);
    assertThat(r.toTable())
        .containsPattern("crack\\s+0\\.2500\\s+1\\s+1\\s+1\\s+1\\.0000")
        .contains("crack: D00, D10, D20 scored as one class");
    // without groups there is no such row, and the JSON's groups are empty
    CrddcEvaluation plain = new CrddcEvaluation(NAMES);
    plain.add(List.of(), List.of());
    assertThat(plain.report(0.25).toJson()).contains("\"groups\": {}");
    assertThat(plain.report(0.25).toTable()).doesNotContain("crack");
  }

  @Test
  void theRddCrackGroupNeedsTwoCrackClassesAndAGroupOnlyKnownClasses() {
    assertThat(ClassGroup.rddCracksIn(NAMES)).contains(CRACK);
    assertThat(ClassGroup.rddCracksIn(List.of("D00", "D40", "D20")))
        .contains(new ClassGroup("crack", List.of("D00", "D20")));
    assertThat(ClassGroup.rddCracksIn(List.of("D20", "D40"))).isEmpty();
    assertThatThrownBy(() -> new CrddcEvaluation(NAMES,
        List.of(new ClassGroup("crack", List.of("D00", "D30")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("D30");
    assertThatThrownBy(() -> new ClassGroup("crack", List.of("D00")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
