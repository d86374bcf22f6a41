package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.FrameTelemetry;
import org.roadscan.detector.geo.SurveyProfile;

/** A video frame's telemetry survives the job queue's JSON, with and without optional values. */
class CaptureContextJsonFrameTest {

  @Test
  void aDroneFrameRoundTrips() {
    FrameTelemetry frame = new FrameTelemetry(11.576124, 48.137154,
        Instant.parse("2026-11-20T10:15:02.033Z"), 12.0, 545.3, -90.0, 30.5, 0.0, 31.0, 24.0,
        null);
    CaptureContext context = CaptureContext.ofFrame(
        new SurveyProfile(null, null, 0, 2.0, null, null), frame, null);

    JsonObject stored = new JsonObject(CaptureContextJson.toJson(context).encode());
    CaptureContext back = CaptureContextJson.fromJson(stored);

    assertThat(back).isEqualTo(context);
    assertThat(stored.getJsonObject("frame").containsKey("horizontalAccuracyM")).isFalse();
  }

  @Test
  void aVehicleFrameWithOnlyAPositionRoundTrips() {
    FrameTelemetry frame = new FrameTelemetry(7.1, 50.7, null, null, 61.0, null, null, null,
        92.0, null, null);
    CaptureContext context = new CaptureContext(SurveyProfile.NONE, 92.0, frame);

    assertThat(CaptureContextJson.fromJson(CaptureContextJson.toJson(context)))
        .isEqualTo(context);
  }

  @Test
  void aDamagedStoredFrameIsAnIllegalStateNotASilentPhoto() {
    JsonObject stored = new JsonObject().put("frame", new JsonObject().put("lonDeg", 7.1));

    assertThatThrownBy(() -> CaptureContextJson.fromJson(stored))
        .isInstanceOf(IllegalStateException.class);
  }
}
