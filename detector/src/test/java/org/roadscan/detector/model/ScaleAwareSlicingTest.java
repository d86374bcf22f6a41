package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleAwareSlicingTest {

  private static final ScaleAwareSlicing LEARNED_AT_8MM = new ScaleAwareSlicing(0.008, 36);

  @Test
  void aFrameAtTheLearnedScaleIsTiledAtTheInputSizeWhenTheBudgetAllows() {
    // 1200 x 900 px at 0.8 cm: 320 px tiles overlapping by 64 px, within the budget
    Slicing s = LEARNED_AT_8MM.slicingFor(1200, 900, 0.008, 320);
    assertThat(s.tileSizePx()).isEqualTo(320);
    assertThat(s.overlapPx()).isEqualTo(64);
    assertThat(s.fullFramePass()).isTrue();
    assertThat(s.tiles(1200, 900)).isTrue();
    assertThat(ScaleAwareSlicing.passes(1200, 900, 320)).isLessThanOrEqualTo(36);
  }

  @Test
  void finerFramesGetLargerTilesShrunkToTheLearnedScale() {
    // 0.5 cm per pixel: a 512 px tile is 2.56 m, what the model sees in 320 px at 0.8 cm
    Slicing s = new ScaleAwareSlicing(0.008, 1000).slicingFor(4096, 3072, 0.005, 320);
    assertThat(s.tileSizePx()).isEqualTo(512);
  }

  @Test
  void aLargeFrameGetsTheFinestTilesThatFitThePassBudget() {
    // a 20 MP frame from 30 m: 0.8 cm per pixel wants 320 px tiles (about 250 passes)
    Slicing s = LEARNED_AT_8MM.slicingFor(5472, 3648, 0.008, 320);
    int side = s.tileSizePx();
    assertThat(ScaleAwareSlicing.passes(5472, 3648, side)).isLessThanOrEqualTo(36);
    int finer = (int) Math.floor(side / 1.1);
    assertThat(ScaleAwareSlicing.passes(5472, 3648, finer)).isGreaterThan(36);
    assertThat(side).isLessThan(Slicing.DEFAULT.tileSizePx()); // finer than fixed tiling
  }

  @Test
  void framesFromHighUpAreUpsampledAtMostTwice() {
    Slicing s = new ScaleAwareSlicing(0.008, 1000).slicingFor(4000, 3000, 0.05, 320);
    assertThat(s.tileSizePx()).isEqualTo(160);
  }

  @Test
  void aFrameSmallerThanItsTileGetsOnePass() {
    Slicing s = LEARNED_AT_8MM.slicingFor(600, 400, 0.004, 320);
    assertThat(s.tiles(600, 400)).isFalse();
  }

  @Test
  void readsTheModelsLearnedScaleFromServingProperties(@TempDir Path dir) throws Exception {
    assertThat(ScaleAwareSlicing.read(dir)).isEmpty();
    Files.writeString(dir.resolve(ModelSpec.SERVING_PROPERTIES), "threshold=0.25\n");
    assertThat(ScaleAwareSlicing.read(dir)).isEmpty();
    Files.writeString(dir.resolve(ModelSpec.SERVING_PROPERTIES), "groundSampleM=0.008\n");
    assertThat(ScaleAwareSlicing.read(dir)).contains(new ScaleAwareSlicing(0.008, 36));
    Files.writeString(dir.resolve(ModelSpec.SERVING_PROPERTIES),
        "groundSampleM=0.01\nmaxPasses=20\n");
    assertThat(ScaleAwareSlicing.read(dir)).contains(new ScaleAwareSlicing(0.01, 20));
    Files.writeString(dir.resolve(ModelSpec.SERVING_PROPERTIES), "groundSampleM=8mm\n");
    assertThatThrownBy(() -> ScaleAwareSlicing.read(dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groundSampleM");
  }
}
