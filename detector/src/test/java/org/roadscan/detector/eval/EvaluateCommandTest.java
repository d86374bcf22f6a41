package org.roadscan.detector.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.detector.model.Slicing;
import org.roadscan.detector.testing.MiniJson;
import org.roadscan.detector.testing.TestModel;

class EvaluateCommandTest {

  @TempDir
  Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return EvaluateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aMissingImageFolderIsAUsageError() {
    assertThat(run("--images", tmp.resolve("nope").toString(), "--labels", tmp.toString()))
        .isEqualTo(2);
    assertThat(err()).contains("--images").contains("nope").contains("not a directory");
  }

  @Test
  void aFolderWithoutImagesIsAUsageError() {
    assertThat(run("--images", tmp.toString(), "--labels", tmp.toString())).isEqualTo(2);
    assertThat(err()).contains("no .jpg, .jpeg or .png images");
  }

  @Test
  void unknownOrIncompleteArgumentsPrintTheUsage() {
    assertThat(run("--images", tmp.toString(), "--labels")).isEqualTo(2);
    assertThat(err()).contains("--labels needs a value").contains("usage: evaluate");
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(run("--images", "a", "--labels", "b", "--threshold", "2")).isEqualTo(2);
  }

  @Test
  void aThresholdMustBeANumberAboveZeroUpToOne() {
    assertThat(run("--images", "a", "--labels", "b", "--threshold", "high")).isEqualTo(2);
    assertThat(err()).contains("--threshold is not a number: high");
    assertThat(run("--images", "a", "--labels", "b", "--threshold", "0")).isEqualTo(2);
    assertThat(err()).contains("--threshold must be in (0, 1]: 0");
  }

  @Test
  void aTileSizeMustBeAWholeNumberOfPixelsInRange() {
    assertThat(run("--images", "a", "--labels", "b", "--tile-size", "big")).isEqualTo(2);
    assertThat(err()).contains("--tile-size is not a whole number: big");
    assertThat(run("--images", "a", "--labels", "b", "--tile-size", "8")).isEqualTo(2);
    assertThat(err()).contains("--tile-size must be 64 to 16384 pixels: 8");
  }

  @Test
  void aGroundSampleIsCentimetresInRangeAndExcludesATileSize() {
    assertThat(run("--images", "a", "--labels", "b", "--ground-sample-cm", "fine")).isEqualTo(2);
    assertThat(err()).contains("--ground-sample-cm is not a number: fine");
    assertThat(run("--images", "a", "--labels", "b", "--ground-sample-cm", "0")).isEqualTo(2);
    assertThat(err()).contains("--ground-sample-cm must be 0.05 to 50 cm: 0");
    assertThat(run("--images", "a", "--labels", "b", "--ground-sample-cm", "0.5",
        "--tile-size", "512")).isEqualTo(2);
    assertThat(err()).contains("give --tile-size or --ground-sample-cm, not both");
  }

  @Test
  void aTileSizeKeepsTheDefaultsOtherSettings() {
    assertThat(EvaluateCommand.slicingFor(500)).isEqualTo(new Slicing(500, 100,
        Slicing.DEFAULT.fullFramePass(), Slicing.DEFAULT.singlePassMaxSidePx()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void evaluatesTheFixturesAndWritesPictures() throws Exception {
    Path images = TestModel.resource("reference/pothole-393.jpg").getParent();
    Path labels = TestModel.resource("eval-labels/classes.txt").getParent();
    Path pictures = tmp.resolve("pictures");
    int code = run("--images", images.toString(), "--labels", labels.toString(), "--json",
        "--model", TestModel.modelDir().toString(), "--threshold", "0.3",
        "--pictures", pictures.toString());
    assertThat(code).as(err()).isZero();
    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(
        out.toString(StandardCharsets.UTF_8).strip());
    assertThat(json.get("images")).isEqualTo(3.0);
    assertThat(json.get("threshold")).isEqualTo(0.3);
    Map<String, Object> overall = (Map<String, Object>) json.get("overall");
    assertThat(overall).containsKeys("precision", "recall", "f1", "ap50");
    Map<String, Object> classes = (Map<String, Object>) json.get("classes");
    assertThat(classes).containsOnlyKeys("D00", "D10", "D20", "D40");
    Map<String, Object> potholes = (Map<String, Object>) classes.get("D40");
    // 3 in the pothole photos, 3 in the survey frame
    assertThat(potholes.get("labels")).isEqualTo(6.0);
    assertThat((Double) potholes.get("ap50")).isBetween(0.0, 1.0);
    assertThat(((Map<String, Object>) classes.get("D00")).get("ap50")).isNull();
    // the RDD crack classes are also scored as one: the survey frame's four alligator cracks
    Map<String, Object> crack = (Map<String, Object>) ((Map<String, Object>) json.get("groups"))
        .get("crack");
    assertThat(crack.get("classes")).isEqualTo(List.of("D00", "D10", "D20"));
    assertThat(crack.get("labels")).isEqualTo(4.0);
    assertThat(crack.get("threshold")).isEqualTo(0.3);
    assertThat((Double) crack.get("ap50")).isBetween(0.0, 1.0);
    // --threshold is every class's threshold
    assertThat(classes.values()).allSatisfy(
        c -> assertThat(((Map<String, Object>) c).get("threshold")).isEqualTo(0.3));
    try (Stream<Path> written = Files.list(pictures)) {
      assertThat(written.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("pothole-393.jpg", "pothole-313-crop.jpg",
              "cprid-1051464.jpg");
    }
  }

  /**
   * The model's own operating points: cracks at 1 (nothing reaches it), potholes at 0.3. The
   * potholes count as in a run with {@code --threshold 0.3}, the cracks not at all, and the
   * overall figures pool only the pothole predictions (the crack labels stay unfound).
   */
  @Test
  @SuppressWarnings("unchecked")
  void countsEachClassAtTheModelsOwnThreshold() throws Exception {
    Path images = TestModel.resource("reference/pothole-393.jpg").getParent();
    Path labels = TestModel.resource("eval-labels/classes.txt").getParent();
    Path model = TestModel.copyWithServing(tmp.resolve("model"),
        "threshold=1\nthreshold.D40=0.3\n");
    assertThat(run("--images", images.toString(), "--labels", labels.toString(), "--json",
        "--model", model.toString(), "--pictures", tmp.resolve("p1").toString()))
        .as(err()).isZero();
    Map<String, Object> own = (Map<String, Object>) MiniJson.parse(
        out.toString(StandardCharsets.UTF_8).strip());
    out.reset();
    assertThat(run("--images", images.toString(), "--labels", labels.toString(), "--json",
        "--model", TestModel.modelDir().toString(), "--threshold", "0.3",
        "--pictures", tmp.resolve("p2").toString()))
        .as(err()).isZero();
    Map<String, Object> all = (Map<String, Object>) MiniJson.parse(
        out.toString(StandardCharsets.UTF_8).strip());

    assertThat(own.get("threshold")).isNull();
    Map<String, Object> ownClasses = (Map<String, Object>) own.get("classes");
    Map<String, Object> potholes = (Map<String, Object>) ownClasses.get("D40");
    assertThat(potholes.get("threshold")).isEqualTo(0.3);
    assertThat(potholes).isEqualTo(((Map<String, Object>) all.get("classes")).get("D40"));
    assertThat((Double) potholes.get("predictions")).isPositive();
    for (String crack : new String[] {"D00", "D10", "D20"}) {
      Map<String, Object> c = (Map<String, Object>) ownClasses.get(crack);
      assertThat(c.get("threshold")).isEqualTo(1.0);
      assertThat(c.get("predictions")).isEqualTo(0.0);
    }
    Map<String, Object> overall = (Map<String, Object>) own.get("overall");
    for (String key : new String[] {"predictions", "tp", "precision"}) {
      assertThat(overall.get(key)).as(key).isEqualTo(potholes.get(key));
    }
    double cracks = (Double) ((Map<String, Object>) ownClasses.get("D20")).get("labels");
    assertThat(cracks).isEqualTo(4.0);
    assertThat(overall.get("labels")).isEqualTo((Double) potholes.get("labels") + cracks);
    // AP does not depend on the thresholds
    assertThat(overall.get("ap50"))
        .isEqualTo(((Map<String, Object>) all.get("overall")).get("ap50"));
  }

  @Test
  void aThresholdForAnUnknownClassIsAUsageErrorNamingTheKey() throws Exception {
    Path model = TestModel.copyWithServing(tmp.resolve("model"), "threshold.D99=0.1\n");
    Path images = TestModel.resource("reference/pothole-393.jpg").getParent();
    Path labels = TestModel.resource("eval-labels/classes.txt").getParent();
    assertThat(run("--images", images.toString(), "--labels", labels.toString(),
        "--model", model.toString(), "--pictures", tmp.resolve("p").toString())).isEqualTo(2);
    assertThat(err()).contains("cannot load the model").contains("threshold.D99");
  }

  @Test
  void anUnknownClassInALabelFileIsReportedWithTheFileName() throws Exception {
    Path images = tmp.resolve("images");
    Path labels = tmp.resolve("labels");
    Files.createDirectories(images);
    Files.createDirectories(labels);
    Files.copy(TestModel.resource("reference/pothole-393.jpg"), images.resolve("x.jpg"));
    Files.writeString(labels.resolve("x.xml"), "<annotation><object><name>pothole</name>"
        + "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox>"
        + "</object></annotation>");
    int code = run("--images", images.toString(), "--labels", labels.toString(),
        "--model", TestModel.modelDir().toString(), "--pictures", tmp.resolve("p").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("x.xml").contains("'pothole'");
  }
}
