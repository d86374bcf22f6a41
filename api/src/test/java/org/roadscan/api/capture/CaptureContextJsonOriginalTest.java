package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;

/**
 * Issue #31: the metadata read from an original photo at upload survives the job queue's JSON
 * unchanged (every tag the detector places a capture by: position, time, pose, focal length,
 * calibration), since the stored, anonymised image carries none of it.
 */
class CaptureContextJsonOriginalTest {

  @ParameterizedTest
  @ValueSource(strings = {"gelsenkirchen-grothusstr-pothole-oblique-djixmp.jpg",
      "caliterra-aerial-nadir-djixmp.jpg", "lund-street.jpg",
      "gelsenkirchen-wanner-str-pothole-vehicle.jpg"})
  void aPhotosMetadataRoundTrips(String sample) throws Exception {
    CaptureMetadata metadata = new MetadataReader().read(Files.readAllBytes(
        Path.of("..", "sample-images", sample)));
    CaptureContext context = new CaptureContext(SurveyProfile.NONE, 12.5).withOriginal(metadata);

    JsonObject stored = new JsonObject(CaptureContextJson.toJson(context).encode());
    CaptureContext back = CaptureContextJson.fromJson(stored);

    assertThat(back).isEqualTo(context);
    assertThat(back.original()).isEqualTo(metadata);
    assertThat(stored.getJsonObject("original").fieldNames()).doesNotContain("serialNumber")
        .allMatch(name -> stored.getJsonObject("original").getValue(name) != null);
  }

  @Test
  void aVideoFramesContextKeepsItsTelemetryAndIgnoresAnOriginal() throws Exception {
    CaptureMetadata metadata = new MetadataReader().read(Files.readAllBytes(
        Path.of("..", "sample-images", "caliterra-aerial-nadir-djixmp.jpg")));
    CaptureContext frame = CaptureContext.ofFrame(SurveyProfile.NONE,
        new org.roadscan.detector.geo.FrameTelemetry(7.1, 50.7, null, null, 61.0, null, null,
            null, 92.0, null, null), null);

    assertThat(frame.withOriginal(metadata)).isEqualTo(frame);
  }
}
