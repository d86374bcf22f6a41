package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.PixelBox;

class OutputDecoderTest {

  /** Three anchors, two classes: x0, y0, x1, y1, p(class 0), p(class 1). */
  private static final float[] OUTPUT = {
      10, 20, 30, 40, 0.90f, 0.10f,
      12, 22, 32, 42, 0.25f, 0.60f,
      50, 50, 60, 70, 0.30f, 0.26f,
  };

  @Test
  void keepsEveryClassOfEveryAnchorStrictlyAboveTheThreshold() {
    List<Candidate> c = OutputDecoder.decode(OUTPUT, List.of(0.25, 0.25), 500);
    assertThat(c).extracting(Candidate::classIndex).containsExactly(0, 0, 1, 1);
    assertThat(c).extracting(Candidate::score)
        .containsExactly((double) 0.90f, (double) 0.30f, (double) 0.60f, (double) 0.26f);
    assertThat(c.get(0).box()).isEqualTo(new PixelBox(10, 20, 30, 40));
    assertThat(c.get(2).box()).isEqualTo(new PixelBox(12, 22, 32, 42));
  }

  @Test
  void filtersEachClassAtItsOwnThreshold() {
    // class 0 at 0.5 keeps only 0.90 (not 0.30 or 0.25); class 1 at 0.2 keeps 0.60, 0.26 (not 0.10)
    List<Candidate> c = OutputDecoder.decode(OUTPUT, List.of(0.5, 0.2), 500);
    assertThat(c).extracting(Candidate::classIndex).containsExactly(0, 1, 1);
    assertThat(c).extracting(Candidate::score)
        .containsExactly((double) 0.90f, (double) 0.60f, (double) 0.26f);
    assertThat(c.get(2).box()).isEqualTo(new PixelBox(50, 50, 60, 70));
  }

  @Test
  void keepsOnlyTheBestCandidatesPerClassBeyondTheLimit() {
    List<Candidate> c = OutputDecoder.decode(OUTPUT, List.of(0.2, 0.2), 1);
    assertThat(c).extracting(Candidate::score).containsExactly((double) 0.90f, (double) 0.60f);
  }

  @Test
  void refusesAnOutputThatDoesNotMatchTheClassCount() {
    assertThatThrownBy(() -> OutputDecoder.decode(OUTPUT, List.of(0.1, 0.1, 0.1), 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 + 3");
  }
}
