package org.roadscan.detector.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;

class GpxTest {

  @Test
  void gpx11PointsOfAllSegmentsWithUtcTimesAndElevation() throws Exception {
    FrameTrack track = Gpx.parse(Fixtures.stream("vehicle-run-1.1.gpx"));

    // The fourth point has no time and is skipped; +02:00 is converted to UTC.
    assertThat(track.clock()).isEqualTo(FrameTrack.Clock.EPOCH);
    assertThat(track.points()).extracting(TrackPoint::takenAt).containsExactly(
        Instant.parse("2026-06-01T08:00:00Z"), Instant.parse("2026-06-01T08:00:01Z"),
        Instant.parse("2026-06-01T08:00:02Z"), Instant.parse("2026-06-01T08:00:04.500Z"));
    TrackPoint first = track.points().get(0);
    assertThat(first.timeMs()).isEqualTo(Instant.parse("2026-06-01T08:00:00Z").toEpochMilli());
    assertThat(first.lonDeg()).isEqualTo(7.103);
    assertThat(first.latDeg()).isEqualTo(51.4985);
    assertThat(first.absoluteAltitudeM()).isEqualTo(112.4);
    assertThat(track.points().get(2).absoluteAltitudeM()).isNull();
  }

  @Test
  void gpx10InTheSouthernAndEasternHemispheres() throws Exception {
    FrameTrack track = Gpx.parse(Fixtures.stream("logger-1.0.gpx"));

    assertThat(track.points()).hasSize(2);
    assertThat(track.points().get(1).latDeg()).isEqualTo(-33.8689);
    assertThat(track.points().get(1).lonDeg()).isEqualTo(151.2093);
  }

  @Test
  void aDoctypeIsRefusedSoExternalEntitiesAreNeverResolved() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE gpx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>&x;</time></trkpt></trkseg></trk>"
        + "</gpx>";

    assertThatThrownBy(() -> Gpx.parse(stream(xxe))).isInstanceOfSatisfying(
        CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.getMessage()).containsIgnoringCase("DOCTYPE");
        });
  }

  @Test
  void aLatitudeOutOfRangeNamesThePoint() {
    String gpx = "<gpx><trk><trkseg>"
        + "<trkpt lat=\"51.5\" lon=\"7.1\"><time>2026-06-01T08:00:00Z</time></trkpt>"
        + "<trkpt lat=\"91.5\" lon=\"7.1\"><time>2026-06-01T08:00:01Z</time></trkpt>"
        + "</trkseg></trk></gpx>";

    assertThatThrownBy(() -> Gpx.parse(stream(gpx))).isInstanceOfSatisfying(
        CaptureException.class, e -> {
          assertThat(e.field()).isEqualTo("telemetry");
          assertThat(e.getMessage()).contains("track point 2").contains("lat 91.5");
        });
  }

  @Test
  void aTrackWithoutTimesIsMissingMetadata() {
    String gpx = "<gpx><trk><trkseg><trkpt lat=\"51.5\" lon=\"7.1\"/></trkseg></trk></gpx>";

    assertThatThrownBy(() -> Gpx.parse(stream(gpx))).isInstanceOfSatisfying(
        CaptureException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_METADATA));
  }

  private static ByteArrayInputStream stream(String xml) {
    return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
  }
}
