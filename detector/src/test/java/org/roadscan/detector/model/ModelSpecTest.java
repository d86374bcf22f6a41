package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecTest {

  @TempDir
  Path dir;

  @Test
  void readsClassesAndServingValues() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D00\nD10\nD20\nD40\n\n");
    Files.writeString(dir.resolve("serving.properties"),
        "# comment\nengine=PyTorch\nwidth=416\nheight=416\nthreshold=0.3\nnmsThreshold=0.45\n");
    ModelSpec spec = ModelSpec.read(dir);
    assertThat(spec.classNames()).containsExactly("D00", "D10", "D20", "D40");
    assertThat(spec.inputSize()).isEqualTo(416);
    assertThat(spec.threshold()).isEqualTo(0.3);
    assertThat(spec.nmsThreshold()).isEqualTo(0.45);
    assertThat(spec.indexOf("D40")).isEqualTo(3);
    assertThat(spec.classThresholds()).containsExactly(0.3, 0.3, 0.3, 0.3);
  }

  @Test
  void readsPerClassThresholdsAndFallsBackToTheGlobalOne() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D00\nD10\nD20\nD40\n");
    Files.writeString(dir.resolve("serving.properties"),
        "threshold=0.25\nthreshold.D00=0.10\nthreshold.D20 = 0.15\nthreshold.D40=\n");
    ModelSpec spec = ModelSpec.read(dir);
    assertThat(spec.threshold()).isEqualTo(0.25);
    // D10 has no line and D40 an empty one: both take the global value
    assertThat(spec.classThresholds()).containsExactly(0.10, 0.25, 0.15, 0.25);
    assertThat(spec.threshold(0)).isEqualTo(0.10);
    assertThat(spec.threshold(spec.indexOf("D20"))).isEqualTo(0.15);
  }

  @Test
  void perClassThresholdsFallBackToTheDefaultWithoutAGlobalLine() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D00\nD40\n");
    Files.writeString(dir.resolve("serving.properties"), "threshold.D40=0.4\n");
    assertThat(ModelSpec.read(dir).classThresholds()).containsExactly(0.25, 0.4);
  }

  @Test
  void refusesAThresholdForAClassTheSynsetDoesNotName() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D00\nD40\n");
    Files.writeString(dir.resolve("serving.properties"), "threshold.D50=0.1\n");
    assertThatThrownBy(() -> ModelSpec.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serving.properties")
        .hasMessageContaining("threshold.D50")
        .hasMessageContaining("[D00, D40]");
  }

  @Test
  void classNamesInThresholdKeysAreCaseSensitive() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D40\n");
    Files.writeString(dir.resolve("serving.properties"), "threshold.d40=0.1\n");
    assertThatThrownBy(() -> ModelSpec.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold.d40");
  }

  @Test
  void refusesThresholdsOutsideZeroToOneAndNamesTheKey() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D00\nD40\n");
    Files.writeString(dir.resolve("serving.properties"), "threshold.D00=1.5\n");
    assertThatThrownBy(() -> ModelSpec.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold.D00 must be in 0..1: 1.5");
    Files.writeString(dir.resolve("serving.properties"), "threshold.D40=-0.1\n");
    assertThatThrownBy(() -> ModelSpec.read(dir))
        .hasMessageContaining("threshold.D40 must be in 0..1");
    Files.writeString(dir.resolve("serving.properties"), "threshold=2\n");
    assertThatThrownBy(() -> ModelSpec.read(dir))
        .hasMessageContaining("serving.properties: threshold must be in 0..1");
    Files.writeString(dir.resolve("serving.properties"), "threshold.D40=NaN\n");
    assertThatThrownBy(() -> ModelSpec.read(dir))
        .hasMessageContaining("threshold.D40 must be in 0..1");
    Files.writeString(dir.resolve("serving.properties"), "threshold.D40=low\n");
    assertThatThrownBy(() -> ModelSpec.read(dir))
        .hasMessageContaining("threshold.D40 is not a number");
  }

  @Test
  void anOverrideReplacesTheThresholdOfEveryClass() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D00\nD10\nD20\nD40\n");
    Files.writeString(dir.resolve("serving.properties"),
        "threshold=0.25\nthreshold.D00=0.05\nthreshold.D40=0.4\n");
    ModelSpec spec = ModelSpec.read(dir).withThreshold(0.3);
    assertThat(spec.threshold()).isEqualTo(0.3);
    assertThat(spec.classThresholds()).containsExactly(0.3, 0.3, 0.3, 0.3);
    assertThat(spec.nmsThreshold()).isEqualTo(0.5);
  }

  @Test
  void refusesClassThresholdsThatDoNotMatchTheClasses() {
    assertThatThrownBy(() -> new ModelSpec(List.of("D00", "D40"), 320, 0.25, List.of(0.1), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 class thresholds for 2 classes");
    assertThatThrownBy(() -> new ModelSpec(List.of("D00"), 320, 0.25, List.of(1.1), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold of D00 must be in 0..1");
  }

  @Test
  void fallsBackToDefaultsWithoutServingProperties() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D40\n");
    ModelSpec spec = ModelSpec.read(dir);
    assertThat(spec.inputSize()).isEqualTo(320);
    assertThat(spec.threshold()).isEqualTo(0.25);
    assertThat(spec.nmsThreshold()).isEqualTo(0.5);
    assertThat(spec.classThresholds()).containsExactly(0.25);
  }

  @Test
  void refusesANonSquareInputAndNamesTheKeys() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D40\n");
    Files.writeString(dir.resolve("serving.properties"), "width=320\nheight=256\n");
    assertThatThrownBy(() -> ModelSpec.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width and height");
  }
}
