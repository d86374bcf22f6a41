package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.detector.testing.TestModel;

class ModelSelfCheckTest {

  @TempDir
  Path tmp;

  @Test
  void theInputIsTheDocumentedIntegerPattern() {
    float[] in = ModelSelfCheck.input(320);
    assertThat(in).hasSize(3 * 320 * 320);
    // channel 1, row 2, column 3: (37 * 3 + 91 * 2 + 53 * 1) mod 251 = 346 mod 251 = 95
    assertThat(in[320 * 320 + 2 * 320 + 3]).isEqualTo(95 / 250f);
    assertThat(in[0]).isZero();
  }

  @Test
  void theShippedModelAgreesWithPyTorchOnThisMachine() {
    try (DamageModel model = DamageModel.builder().setModelDir(TestModel.modelDir()).build();
        Predictor<NDList, NDList> p = model.newPredictor()) {
      ModelSelfCheck check = ModelSelfCheck.read(model.modelDir(), model.spec().inputSize(),
          4 + model.spec().classNames().size()).orElseThrow();
      assertThat(check.rows()).isGreaterThan(80);
      check.verify(model.forward(p, ModelSelfCheck.input(model.spec().inputSize())));
    }
  }

  /** One expected box corner moved by 1 px: the detector must refuse to start. */
  @Test
  void aDetectorWhoseEngineDisagreesIsNotBuilt() throws Exception {
    Path dir = copyWithSelfCheck(lines -> {
      int i = firstRow(lines);
      String[] f = lines.get(i).split(" ");
      f[1] = Float.toString(Float.parseFloat(f[1]) + 1f);
      lines.set(i, String.join(" ", f));
    });
    assertThatThrownBy(() -> DamageDetector.builder().setModelDir(dir).build())
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("self-check failed")
        .hasMessageContaining("column 0")
        .hasMessageContaining("MODEL_CARD.md");
  }

  @Test
  void notANumberIsADisagreement() {
    Path dir = copyUnchecked(lines -> { });
    ModelSelfCheck check = ModelSelfCheck.read(dir, 320, 8).orElseThrow();
    float[] output = new float[2100 * 8];
    java.util.Arrays.fill(output, Float.NaN);
    assertThatThrownBy(() -> check.verify(output))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("gives NaN");
  }

  @Test
  void aMalformedFileIsRefusedNamingTheLine() {
    Path dir = copyUnchecked(lines -> lines.set(firstRow(lines), "12 1.0 oops"));
    assertThatThrownBy(() -> ModelSelfCheck.read(dir, 320, 8))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("line 5")
        .hasMessageContaining("expected an anchor index and 8 values");
    Path other = copyUnchecked(lines -> lines.replaceAll(l -> l.equals("size 320") ? "size 416" : l));
    assertThatThrownBy(() -> ModelSelfCheck.read(other, 320, 8))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("input size 416");
  }

  @Test
  void aModelWithoutTheFileIsNotChecked() {
    assertThat(ModelSelfCheck.read(tmp, 320, 8)).isEmpty();
  }

  private interface Edit {
    void apply(List<String> lines);
  }

  private static int firstRow(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("#") && !lines.get(i).startsWith("size")) {
        return i;
      }
    }
    throw new IllegalStateException("no rows");
  }

  private Path copyWithSelfCheck(Edit edit) throws Exception {
    Path dir = TestModel.copyWithServing(tmp.resolve("model"), Files.readString(
        TestModel.modelDir().resolve("serving.properties"), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(ModelSelfCheck.FILE)));
    edit.apply(lines);
    Files.write(dir.resolve(ModelSelfCheck.FILE), lines);
    return dir;
  }

  private Path copyUnchecked(Edit edit) {
    try {
      Path dir = Files.createDirectories(tmp.resolve("check-" + System.nanoTime()));
      List<String> lines = new ArrayList<>(Files.readAllLines(
          TestModel.modelDir().resolve(ModelSelfCheck.FILE)));
      edit.apply(lines);
      Files.write(dir.resolve(ModelSelfCheck.FILE), lines);
      return dir;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
