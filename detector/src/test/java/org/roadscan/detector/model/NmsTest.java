package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.PixelBox;

class NmsTest {

  private static Candidate c(int cls, double score, double x0, double y0, double x1, double y1) {
    return new Candidate(cls, score, new PixelBox(x0, y0, x1, y1));
  }

  @Test
  void suppressesAnOverlappingBoxOfTheSameClass() {
    Candidate strong = c(3, 0.9, 0, 0, 100, 100);
    Candidate weak = c(3, 0.6, 10, 10, 110, 110); // IoU 0.68
    assertThat(Nms.apply(List.of(weak, strong), 0.5, 300)).containsExactly(strong);
  }

  @Test
  void keepsOverlappingBoxesOfDifferentClasses() {
    Candidate pothole = c(3, 0.9, 0, 0, 100, 100);
    Candidate alligator = c(2, 0.6, 0, 0, 100, 100);
    assertThat(Nms.apply(List.of(alligator, pothole), 0.5, 300))
        .containsExactly(pothole, alligator);
  }

  @Test
  void suppressesOnlyStrictlyAboveTheThreshold() {
    Candidate a = c(0, 0.9, 0, 0, 90, 100);
    Candidate b = c(0, 0.8, 30, 0, 120, 100); // intersection 60, union 120: IoU exactly 0.5
    assertThat(a.box().iou(b.box())).isEqualTo(0.5);
    assertThat(Nms.apply(List.of(a, b), 0.5, 300)).containsExactly(a, b);
  }

  @Test
  void aSuppressedBoxDoesNotSuppressOthers() {
    Candidate a = c(1, 0.9, 0, 0, 100, 100);
    Candidate b = c(1, 0.8, 40, 0, 140, 100); // IoU with a 0.43: kept
    Candidate d = c(1, 0.7, 70, 0, 170, 100); // IoU with b 0.54: suppressed by b
    assertThat(Nms.apply(List.of(d, b, a), 0.5, 300)).containsExactly(a, b);
  }

  @Test
  void capsTheNumberOfDetectionsKeepingTheHighestScores() {
    List<Candidate> far = List.of(c(0, 0.3, 0, 0, 10, 10), c(0, 0.9, 100, 0, 110, 10),
        c(0, 0.5, 200, 0, 210, 10));
    assertThat(Nms.apply(far, 0.5, 2)).extracting(Candidate::score).containsExactly(0.9, 0.5);
  }
}
