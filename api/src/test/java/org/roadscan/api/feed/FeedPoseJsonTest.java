package org.roadscan.api.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.geo.FrameTelemetry;

/** Issue #28: the {@code pose} part of a feed frame. */
class FeedPoseJsonTest {

  @Test
  void aPoseBecomesTheFramesTelemetry() {
    FrameTelemetry t = FeedPoseJson.parse("{\"lon\": 7.1030, \"lat\": 51.4985,"
        + " \"takenAt\": \"2026-12-05T10:00:00Z\", \"relativeAltitudeM\": 40,"
        + " \"gimbalPitchDeg\": -90, \"gimbalYawDeg\": 30, \"focalLength35mm\": 24,"
        + " \"horizontalAccuracyM\": 0.5}");
    assertThat(t.lonDeg()).isEqualTo(7.1030);
    assertThat(t.latDeg()).isEqualTo(51.4985);
    assertThat(t.takenAt()).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
    assertThat(t.relativeAltitudeM()).isEqualTo(40.0);
    assertThat(t.gimbalPitchDeg()).isEqualTo(-90.0);
    assertThat(t.gimbalYawDeg()).isEqualTo(30.0);
    assertThat(t.focalLength35mmEq()).isEqualTo(24.0);
    assertThat(t.horizontalAccuracyM()).isEqualTo(0.5);
  }

  @Test
  void aBrokenPoseIs422NamingTheMember() {
    assertRefused("not json", "pose");
    assertRefused("{\"lat\": 51.5}", "pose.lon");
    assertRefused("{\"lon\": 7.1, \"lat\": 95}", "pose.lat");
    assertRefused("{\"lon\": 0, \"lat\": 0}", "pose.lat");
    assertRefused("{\"lon\": 7.1, \"lat\": 51.5, \"altitude\": 40}", "pose.altitude");
    assertRefused("{\"lon\": 7.1, \"lat\": 51.5, \"gimbalPitchDeg\": \"down\"}",
        "pose.gimbalPitchDeg");
    assertRefused("{\"lon\": 7.1, \"lat\": 51.5, \"focalLength35mm\": -3}",
        "pose.focalLength35mm");
    assertRefused("{\"lon\": 7.1, \"lat\": 51.5, \"takenAt\": \"yesterday\"}", "pose.takenAt");
  }

  private static void assertRefused(String text, String field) {
    ProblemException e = catchThrowableOfType(ProblemException.class,
        () -> FeedPoseJson.parse(text));
    assertThat(e).as(text).isNotNull();
    assertThat(e.problem().type()).isEqualTo(ProblemType.INVALID_METADATA);
    assertThat(e.problem().status()).isEqualTo(422);
    assertThat(e.problem().field()).as(text).isEqualTo(field);
  }
}
