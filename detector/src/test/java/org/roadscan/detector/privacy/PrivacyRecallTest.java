package org.roadscan.detector.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.OpenCvNatives;

/**
 * Issue #31 regression guard: the production search's recall (the fast path: each detector at the
 * scale its smallest protected region needs, plates in tiles; plates by the network and by
 * {@link BrightPlateFinder}) on the committed hand-labelled set ({@code privacy/recall/labels.json},
 * rule in {@link RecallSet}) and on the same set enlarged so that every labelled region is at
 * least 20 px tall ({@link RecallSet#enlargedToFloor()}). The floors asserted are the figures
 * measured on 2026-12-05 (bench/README.md), not yet the issue's: 16 of 19 faces (0.84, issue ≥
 * 0.90; 17 in one run of four: a face scored near the threshold flips between runs, so the guard
 * allows one face less); plates 8 of 12 as labelled (5–15 px; the network alone found 1) and 6 of
 * 12 enlarged to the floor (issue ≥ 0.95; the network alone found 3); the plate guards allow one
 * plate less. The set has no sharp plate 20 px tall: the enlarged figure is a proxy, not the
 * issue's measure.
 */
class PrivacyRecallTest {

  static RecallSet set;
  static Path dir;
  static Anonymizer anonymizer;
  static RecallSet.Result result;
  static RecallSet.Result enlarged;

  @BeforeAll
  static void run() throws IOException, URISyntaxException {
    OpenCvNatives.ensureLoaded();
    Path labels = Path.of(PrivacyRecallTest.class.getResource("/privacy/recall/labels.json")
        .toURI());
    dir = labels.getParent();
    set = RecallSet.read(labels);
    anonymizer = new Anonymizer(PrivacyModels.load(AnonymizerTest.privacyDir()));
    result = set.score(List.of(dir), PrivacyRecallTest::decode, anonymizer::find);
    enlarged = set.enlargedToFloor().score(List.of(dir), PrivacyRecallTest::decode,
        anonymizer::find);
  }

  @AfterAll
  static void close() {
    anonymizer.close();
  }

  static Mat decode(Path file) {
    try {
      return ImageDecoder.decodeJpeg(Files.readAllBytes(file));
    } catch (Exception e) {
      throw new IllegalStateException(file.toString(), e);
    }
  }

  @Test
  void facesAtLeast20PxTallAreBlurredAtTheMeasuredRecall() {
    assertThat(result.faces().labelledAtFloor()).isEqualTo(19);
    assertThat(result.faces().recallAtFloor())
        .as("face recall >= 20 px; missed: %s", result.faces().missed())
        .isGreaterThanOrEqualTo(15.0 / 19);
  }

  @Test
  void platesEnlargedTo20PxAreBlurredOnTheFastPathAtTheMeasuredRecall() {
    // the Czech frames enlarged 1.3-4x to 2400 px and more, so searched at half resolution in
    // tiles: 6 of 12 measured (2026-12-05, network 3 + BrightPlateFinder); far below the issue's
    // 0.95
    assertThat(PlateFinder.reduction(new Mat(2400, 2400, org.opencv.core.CvType.CV_8UC3)))
        .isEqualTo(PlateFinder.MAX_REDUCTION);
    assertThat(enlarged.plates().labelledAtFloor()).isEqualTo(12);
    assertThat(enlarged.plates().recallAtFloor())
        .as("plate recall >= 20 px, enlarged; missed: %s", enlarged.plates().missed())
        .isGreaterThanOrEqualTo(5.0 / 12);
  }

  @Test
  void platesAsLabelledAreBlurredAtTheMeasuredRecall() {
    // 5-15 px tall, below the floor: 8 of 12 measured (2026-12-05), the network alone 1
    assertThat(result.plates().labelled()).isEqualTo(12);
    assertThat(result.plates().recall())
        .as("plate recall as labelled; missed: %s", result.plates().missed())
        .isGreaterThanOrEqualTo(7.0 / 12);
  }

  @Test
  void theLegible15PxCzechPlateIsBlurred() {
    assertThat(result.plates().missed()).noneMatch(m -> m.startsWith("Czech_000522.jpg"));
  }
}
