package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
  }

  @Test
  void fallsBackToDefaultsWithoutServingProperties() throws Exception {
    Files.writeString(dir.resolve("synset.txt"), "D40\n");
    ModelSpec spec = ModelSpec.read(dir);
    assertThat(spec.inputSize()).isEqualTo(320);
    assertThat(spec.threshold()).isEqualTo(0.25);
    assertThat(spec.nmsThreshold()).isEqualTo(0.5);
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
