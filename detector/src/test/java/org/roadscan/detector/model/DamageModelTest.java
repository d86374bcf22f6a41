package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.detector.testing.TestModel;

/** Loads the real model from a copy whose {@code serving.properties} carries per-class lines. */
class DamageModelTest {

  private static final String PER_CLASS =
      "threshold=0.25\nthreshold.D00=0.05\nthreshold.D20=0.15\nnmsThreshold=0.5\n";

  @TempDir
  Path tmp;

  @Test
  void loadsThePerClassThresholdsOfTheFile() throws Exception {
    try (DamageModel model = DamageModel.builder()
        .setModelDir(TestModel.copyWithServing(tmp, PER_CLASS)).build()) {
      assertThat(model.spec().threshold()).isEqualTo(0.25);
      assertThat(model.spec().classThresholds()).containsExactly(0.05, 0.25, 0.15, 0.25);
    }
  }

  @Test
  void anExplicitThresholdReplacesEveryClasssThreshold() throws Exception {
    try (DamageModel model = DamageModel.builder()
        .setModelDir(TestModel.copyWithServing(tmp, PER_CLASS))
        .optThreshold(0.3).optNmsThreshold(0.4).build()) {
      assertThat(model.spec().threshold()).isEqualTo(0.3);
      assertThat(model.spec().classThresholds()).containsExactly(0.3, 0.3, 0.3, 0.3);
      assertThat(model.spec().nmsThreshold()).isEqualTo(0.4);
    }
  }

  @Test
  void refusesToLoadWithAThresholdForAnUnknownClass() throws Exception {
    Path dir = TestModel.copyWithServing(tmp, "threshold.D99=0.1\n");
    assertThatThrownBy(() -> DamageModel.builder().setModelDir(dir).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold.D99")
        .hasMessageContaining("[D00, D10, D20, D40]");
  }

  @Test
  void refusesToLoadWithAClassThresholdOutOfRange() throws Exception {
    Path dir = TestModel.copyWithServing(tmp, "threshold.D40=1.2\n");
    assertThatThrownBy(() -> DamageModel.builder().setModelDir(dir).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold.D40 must be in 0..1: 1.2");
  }

  @Test
  void refusesToLoadAModelWhoseSynsetHasAClassOutsideTheCatalogue() throws Exception {
    Path dir = TestModel.copyWithServing(tmp, "threshold=0.25\n");
    Files.writeString(dir.resolve("synset.txt"), "D00\nD10\nD20\nD43\n");
    assertThatThrownBy(() -> DamageModel.builder().setModelDir(dir).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.resolve("synset.txt").toString())
        .hasMessageContaining("[D43]")
        .hasMessageContaining("damage-class catalogue");
  }
}
