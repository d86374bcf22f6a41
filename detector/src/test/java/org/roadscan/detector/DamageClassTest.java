package org.roadscan.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.model.ModelSpec;
import org.roadscan.detector.testing.TestModel;

class DamageClassTest {

  @Test
  void theShippedModelsSynsetIsInTheCatalogue() throws Exception {
    List<String> synset = ModelSpec.read(TestModel.modelDir()).classNames();
    assertThatCode(() -> DamageClass.requireKnown(synset, "synset.txt")).doesNotThrowAnyException();
    assertThat(synset).containsExactlyElementsOf(DamageClass.codes());
  }

  @Test
  void anUnknownClassIsRefusedNamingItAndTheSource() {
    assertThatThrownBy(() -> DamageClass.requireKnown(List.of("D00", "D43", "D40"),
        Path.of("models/other/synset.txt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("models/other/synset.txt")
        .hasMessageContaining("[D43]")
        .hasMessageContaining("[D00, D10, D20, D40]");
  }

  @Test
  void severityRisesInDeclarationOrder() {
    List<DamageClass> classes = DamageClass.bySeverity();
    for (int i = 1; i < classes.size(); i++) {
      assertThat(classes.get(i).severity()).isGreaterThan(classes.get(i - 1).severity());
    }
    assertThat(DamageClass.codes()).containsExactly("D00", "D10", "D20", "D40");
  }

  @Test
  void cracksAndPotholes() {
    assertThat(DamageClass.crackCodes()).containsExactly("D00", "D10", "D20");
    assertThat(DamageClass.isCrack("D20")).isTrue();
    assertThat(DamageClass.isCrack("D40")).isFalse();
    assertThat(DamageClass.isCrack("D30")).as("not in the catalogue").isFalse();
    assertThat(DamageClass.of("D40")).contains(DamageClass.D40);
    assertThat(DamageClass.of("d40")).isEmpty();
    assertThat(DamageClass.D20.description()).isEqualTo("Alligator crack");
  }
}
