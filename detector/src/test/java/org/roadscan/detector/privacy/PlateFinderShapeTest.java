package org.roadscan.detector.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * OpenCV 4.9's plate network, fed an input of another size than its last, answered garbage for
 * the next calls: a "plate" covering the whole 1024×768 street photo at score 1.0 after one
 * 640×640 photo (and, once, NaN). {@link PlateFinder} keeps one network per input size; the
 * answer for a photo must not depend on what was searched before it.
 */
class PlateFinderShapeTest {

  @Test
  void theAnswerForAPhotoDoesNotDependOnThePhotoBeforeIt() throws Exception {
    PrivacyModels models = PrivacyModels.load(AnonymizerTest.privacyDir());
    PlateFinder plates = new PlateFinder(models);
    Mat street = AnonymizerTest.decode(Files.readAllBytes(
        AnonymizerTest.sampleImages().resolve("lund-street.jpg")));
    Mat square = AnonymizerTest.decode(Files.readAllBytes(
        AnonymizerTest.sampleImages().resolve("gelsenkirchen-bochumer-str-pothole.jpg")));
    assertThat(street.size()).isNotEqualTo(square.size());
    List<PrivacyRegion> first = plates.find(street);
    for (int round = 0; round < 4; round++) {
      plates.find(square);
      List<PrivacyRegion> again = plates.find(street);
      assertThat(again).as("round %d after the 640x640 photo", round).isEqualTo(first);
    }
    double frame = street.cols() * (double) street.rows();
    assertThat(first).allMatch(r -> r.box().area() < 0.05 * frame);
  }
}
