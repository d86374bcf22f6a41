package org.roadscan.detector.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.DjlCaptureAnalyzer;
import org.roadscan.detector.Observation;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.Wgs84;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;
import org.roadscan.detector.testing.TestModel;

/**
 * Issue #31: the service stores the anonymised re-encoding of a capture, which carries no EXIF or
 * XMP, and keeps the metadata read from the original with the job ({@link
 * CaptureContext#original()}). Analysed that way, a capture is placed exactly as its original:
 * same metadata (position, time, pose, focal length), same projection, same ground coverage, and
 * the pothole the model finds lands within centimetres of the original's (pixels away from faces
 * and plates change only by the JPEG re-encoding). Real photos with EXIF GPS and DJI XMP, the real
 * model, the real anonymiser.
 */
class AnonymisedCaptureGeoreferenceTest {

  static DjlCaptureAnalyzer analyzer;
  static Anonymizer anonymizer;

  @BeforeAll
  static void load() {
    analyzer = DjlCaptureAnalyzer.load(TestModel.modelDir(), 1);
    anonymizer = new Anonymizer(PrivacyModels.load(AnonymizerTest.privacyDir()));
  }

  @AfterAll
  static void close() {
    analyzer.close();
    anonymizer.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gelsenkirchen-grothusstr-pothole-oblique-djixmp.jpg",
      "gelsenkirchen-ueckendorfer-str-pothole-nadir.jpg",
      "gelsenkirchen-bochumer-str-pothole.jpg"})
  void anAnonymisedCaptureWithItsOriginalsMetadataIsPlacedLikeTheOriginal(String sample)
      throws Exception {
    byte[] original = Files.readAllBytes(TestModel.sampleImage(sample));
    CaptureMetadata metadata = new MetadataReader().read(original);
    byte[] stored = anonymizer.anonymize(original, PixelLimit.DEFAULT).jpeg();

    // the stored copy has nothing to place it by: no GPS, no pose
    assertThatThrownBy(() -> new MetadataReader().read(stored))
        .isInstanceOf(CaptureException.class);

    CaptureAnalysis before = analyzer.analyze(original, CaptureContext.NONE);
    CaptureAnalysis after = analyzer.analyze(stored, CaptureContext.NONE.withOriginal(metadata));

    assertThat(after.metadata()).isEqualTo(before.metadata()).isEqualTo(metadata);
    assertThat(after.metadata().gimbalPitchDeg()).isEqualTo(metadata.gimbalPitchDeg());
    assertThat(after.projection()).isEqualTo(before.projection());
    assertThat(after.basis()).isEqualTo(before.basis());
    if (before.coverage() == null) {
      assertThat(after.coverage()).isNull();
    } else {
      assertThat(after.coverage().equalsExact(before.coverage())).isTrue();
    }
    assertThat(before.observations()).isNotEmpty();
    assertThat(after.observations()).hasSameSizeAs(before.observations());
    for (Observation o : before.observations()) {
      double nearestM = nearestM(o, after.observations());
      // same box up to the re-encoding's effect on the scores' argmax: centimetres on the ground
      assertThat(nearestM).isLessThan(0.05);
    }
  }

  private static double nearestM(Observation o, List<Observation> others) {
    return others.stream().mapToDouble(p -> Wgs84.distanceM(o.lonDeg(), o.latDeg(), p.lonDeg(),
        p.latDeg())).min().orElse(Double.POSITIVE_INFINITY);
  }
}
