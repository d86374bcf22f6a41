package org.roadscan.detector.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.geo.FrameTelemetry;

class DjiSrtTest {

  @Test
  void recentFormWithBomCrlfAndANoFixBlock() throws Exception {
    FrameTrack track = DjiSrt.parse(Fixtures.text("mini3-recent.srt"));

    // Block 1 is at 0,0 (no fix yet) and skipped; blocks 2..6 start at 33, 66, ... ms.
    List<TrackPoint> points = track.points();
    assertThat(points).extracting(TrackPoint::timeMs).containsExactly(33L, 66L, 99L, 132L, 165L);
    assertThat(track.clock()).isEqualTo(FrameTrack.Clock.VIDEO);
    TrackPoint first = points.get(0);
    assertThat(first.latDeg()).isEqualTo(48.137154);
    assertThat(first.lonDeg()).isEqualTo(11.576124);
    assertThat(first.relativeAltitudeM()).isCloseTo(30.1, within(1e-9));
    assertThat(first.absoluteAltitudeM()).isCloseTo(545.4, within(1e-9));
    assertThat(first.focalLength35mmEq()).isEqualTo(24.0);
    assertThat(first.gimbalPitchDeg()).isEqualTo(-90.0);
    assertThat(first.gimbalYawDeg()).isEqualTo(170.0);
    assertThat(first.gimbalRollDeg()).isEqualTo(0.0);
    assertThat(first.takenAt()).isEqualTo(Instant.parse("2023-04-07T11:25:41.156Z"));
    // DJI's misspelt "longtitude" (block 4) is read as the longitude.
    assertThat(points.get(2).lonDeg()).isEqualTo(11.576124);
  }

  @Test
  void interpolatedYawTakesTheShortWayAcrossTheDateLineOfAngles() throws Exception {
    FrameTrack track = DjiSrt.parse(Fixtures.text("mini3-recent.srt"));

    // Between 180° (99 ms) and -175° (132 ms), 16/33 of the way: -177.58°, not +2.4°.
    FrameTelemetry mid = track.at(115).orElseThrow().telemetry();
    assertThat(mid.gimbalYawDeg()).isCloseTo(180 + 5 * 16 / 33.0 - 360, within(1e-6));
    // Without wrapping, between 175° (66 ms) and 180° (99 ms).
    assertThat(track.at(82).orElseThrow().telemetry().gimbalYawDeg())
        .isCloseTo(175 + 5 * 16 / 33.0, within(1e-6));
  }

  @Test
  void olderFormReadsGpsLonLatAndTheBarometerAsHeightAboveTakeOff() throws Exception {
    FrameTrack track = DjiSrt.parse(Fixtures.text("phantom4-old.srt"));

    assertThat(track.points()).hasSize(4);
    TrackPoint second = track.points().get(1);
    assertThat(second.timeMs()).isEqualTo(1000);
    assertThat(second.lonDeg()).isEqualTo(11.5762);
    assertThat(second.latDeg()).isEqualTo(48.1371);
    assertThat(second.relativeAltitudeM()).isEqualTo(31.2);
    assertThat(second.gimbalPitchDeg()).isNull();
    assertThat(second.takenAt()).isEqualTo(Instant.parse("2017-08-05T14:11:52Z"));
  }

  @Test
  void aLatitudeOutOfRangeIsRefusedNamingTheLine() {
    String srt = "1\n00:00:00,000 --> 00:00:00,033\n[latitude: 48.1] [longitude: 11.5]\n\n"
        + "2\n00:00:00,033 --> 00:00:00,066\n[latitude: 148.1] [longitude: 11.5]\n";

    assertThatThrownBy(() -> DjiSrt.parse(srt)).isInstanceOfSatisfying(CaptureException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo("telemetry");
          assertThat(e.getMessage()).contains("line 6").contains("latitude 148.1");
        });
  }

  @Test
  void subtitlesWithoutAnyFixAreMissingMetadata() {
    String srt = "1\n00:00:00,000 --> 00:00:00,033\n[latitude: 0.000000] [longitude: 0.000000]\n\n"
        + "2\n00:00:00,033 --> 00:00:00,066\n[iso: 100]\n";

    assertThatThrownBy(() -> DjiSrt.parse(srt)).isInstanceOfSatisfying(CaptureException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.MISSING_METADATA);
          assertThat(e.field()).isEqualTo("telemetry");
          assertThat(e.getMessage()).contains("2 subtitles");
        });
  }

  @Test
  void textThatIsNotSubRipIsInvalid() {
    assertThatThrownBy(() -> DjiSrt.parse("<gpx></gpx>"))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA));
  }
}
