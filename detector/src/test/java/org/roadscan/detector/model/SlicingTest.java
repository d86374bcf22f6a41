package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlicingTest {

  @Test
  void aReducedFrameIsTiledAtTheReducedScale() {
    Slicing quarter = Slicing.DEFAULT.reducedBy(4);
    assertThat(quarter).isEqualTo(new Slicing(320, 64, true, 160));
    // a 20 MP frame is tiled at full size, and so is its quarter-size decoding
    assertThat(Slicing.DEFAULT.tiles(5472, 3648)).isTrue();
    assertThat(quarter.tiles(1368, 912)).isTrue();
    // a frame just above the single-pass limit stays tiled once reduced
    assertThat(Slicing.DEFAULT.tiles(641, 480)).isTrue();
    assertThat(quarter.tiles(161, 120)).isTrue();
    assertThat(quarter.tiles(160, 120)).isFalse();
  }

  @Test
  void reducingByOneChangesNothing() {
    assertThat(Slicing.DEFAULT.reducedBy(1)).isSameAs(Slicing.DEFAULT);
    assertThatThrownBy(() -> Slicing.DEFAULT.reducedBy(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reduction");
  }
}
