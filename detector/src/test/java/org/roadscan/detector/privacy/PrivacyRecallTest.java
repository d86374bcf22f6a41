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
 * measured, not yet the issue's, each allowing one region less (a face scored near the threshold
 * flips between runs). Whole set (measured 2026-12-06 with {@code roadscan-anon-6}: tilted and
 * large plates in {@link BrightPlateFinder}): faces >= 20 px 42 of 50 (0.84, issue >= 0.90);
 * plates >= 20 px 14 of 18 (0.78, issue >= 0.95; 9 of 18 with {@code -anon-5}); plates as
 * labelled 26 of 36; enlarged to the floor 25 of 36. The first set's own figures stay guarded by
 * the misses per file prefix: Mapillary faces 16 of 19 found, Czech plates 9 of 12 as labelled
 * and 6 of 12 enlarged.
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

  static long missedIn(RecallSet.Tally tally, String filePrefix) {
    return tally.missed().stream().filter(m -> m.startsWith(filePrefix)).count();
  }

  @Test
  void facesAtLeast20PxTallAreBlurredAtTheMeasuredRecall() {
    // 42 of 50 measured (2026-12-06): 16 of the 19 pre-blurred Mapillary faces, 26 of 31 sharp
    assertThat(result.faces().labelledAtFloor()).isEqualTo(50);
    assertThat(result.faces().recallAtFloor())
        .as("face recall >= 20 px; missed: %s", result.faces().missed())
        .isGreaterThanOrEqualTo(41.0 / 50);
    assertThat(missedIn(result.faces(), "berlin_"))
        .as("Mapillary faces missed (3 of 19 measured); missed: %s", result.faces().missed())
        .isLessThanOrEqualTo(4);
  }

  @Test
  void sharpPlatesAtLeast20PxTallAreBlurredAtTheMeasuredRecall() {
    // the issue's own plate measure, on the Flickr photos only (no Czech plate reaches 20 px):
    // 14 of 18 measured (2026-12-06, roadscan-anon-6; 9 with -anon-5); below the 0.95
    assertThat(result.plates().labelledAtFloor()).isEqualTo(18);
    assertThat(result.plates().recallAtFloor())
        .as("plate recall >= 20 px; missed: %s", result.plates().missed())
        .isGreaterThanOrEqualTo(13.0 / 18);
  }

  @Test
  void platesEnlargedTo20PxAreBlurredOnTheFastPathAtTheMeasuredRecall() {
    // the Czech frames enlarged 1.3-4x to 2400 px and more, so searched at half resolution in
    // tiles: 6 of 12 measured (2026-12-05, network 3 + BrightPlateFinder); far below the issue's
    // 0.95. Whole set 25 of 36 (2026-12-06, roadscan-anon-6)
    assertThat(PlateFinder.reduction(new Mat(2400, 2400, org.opencv.core.CvType.CV_8UC3)))
        .isEqualTo(PlateFinder.MAX_REDUCTION);
    assertThat(enlarged.plates().labelledAtFloor()).isEqualTo(36);
    assertThat(enlarged.plates().recallAtFloor())
        .as("plate recall >= 20 px, enlarged; missed: %s", enlarged.plates().missed())
        .isGreaterThanOrEqualTo(24.0 / 36);
    assertThat(missedIn(enlarged.plates(), "Czech_"))
        .as("Czech plates missed, enlarged (6 of 12 measured); missed: %s",
            enlarged.plates().missed())
        .isLessThanOrEqualTo(7);
  }

  @Test
  void platesAsLabelledAreBlurredAtTheMeasuredRecall() {
    // Czech plates 5-15 px tall, below the floor: 8 of 12 measured (2026-12-05), the
    // network alone 1; 9 of 12 with roadscan-anon-6; whole set 26 of 36 (2026-12-06)
    assertThat(result.plates().labelled()).isEqualTo(36);
    assertThat(result.plates().recall())
        .as("plate recall as labelled; missed: %s", result.plates().missed())
        .isGreaterThanOrEqualTo(25.0 / 36);
    assertThat(missedIn(result.plates(), "Czech_"))
        .as("Czech plates missed as labelled (3 of 12 measured); missed: %s",
            result.plates().missed())
        .isLessThanOrEqualTo(4);
  }

  @Test
  void theLegible15PxCzechPlateIsBlurred() {
    assertThat(result.plates().missed()).noneMatch(m -> m.startsWith("Czech_000522.jpg"));
  }
}
