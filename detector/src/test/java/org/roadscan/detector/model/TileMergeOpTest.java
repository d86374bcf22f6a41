package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.model.TileMergeOp.Part;

class TileMergeOpTest {

  private static Part part(int cls, double score, double x0, double y0, double x1, double y1,
      boolean cut) {
    return new Part(new Candidate(cls, score, new PixelBox(x0, y0, x1, y1)), cut);
  }

  @Test
  void aBoxCutByATileBorderMergesIntoTheWholeBoxOfTheNeighbour() {
    Part cut = part(3, 0.8, 1000, 200, 1024, 260, true); // left tile ends at x = 1024
    Part whole = part(3, 0.7, 990, 198, 1090, 262, false); // low IoU (0.23) with the cut part
    List<Candidate> merged = TileMergeOp.merge(List.of(cut, whole), 0.5, 0.5, 300);
    assertThat(merged).hasSize(1);
    assertThat(merged.get(0).box()).isEqualTo(new PixelBox(990, 198, 1090, 262));
    assertThat(merged.get(0).score()).isEqualTo(0.8);
  }

  @Test
  void twoCutHalvesOfALargeDamageBecomeTheirUnion() {
    Part left = part(0, 0.6, 800, 100, 1280, 140, true);
    Part right = part(0, 0.7, 1024, 102, 1500, 142, true);
    List<Candidate> merged = TileMergeOp.merge(List.of(left, right), 0.5, 0.5, 300);
    assertThat(merged).extracting(Candidate::box)
        .containsExactly(new PixelBox(800, 100, 1500, 142));
  }

  @Test
  void neitherMergesDifferentClassesNorUncutNeighbours() {
    Part pothole = part(3, 0.9, 0, 0, 100, 100, true);
    Part crack = part(0, 0.8, 10, 10, 60, 60, true); // inside, but another class
    Part small = part(3, 0.7, 60, 60, 90, 90, false); // inside, but neither box is cut... see below
    Part separate = part(3, 0.6, 200, 0, 260, 60, false);
    List<Candidate> merged = TileMergeOp.merge(List.of(pothole, crack, separate), 0.5, 0.5, 300);
    assertThat(merged).hasSize(3);
    // an uncut small box inside an uncut big one is a separate finding (IoU 0.09)
    Part big = part(3, 0.9, 0, 0, 100, 100, false);
    assertThat(TileMergeOp.merge(List.of(big, small), 0.5, 0.5, 300)).hasSize(2);
  }

  @Test
  void intersectionOverSmallerIsOneForAContainedBox() {
    PixelBox big = new PixelBox(0, 0, 100, 100);
    PixelBox inside = new PixelBox(10, 10, 20, 30);
    assertThat(TileMergeOp.intersectionOverSmaller(big, inside)).isEqualTo(1.0);
    assertThat(TileMergeOp.intersectionOverSmaller(big, new PixelBox(200, 0, 210, 10))).isZero();
  }
}
