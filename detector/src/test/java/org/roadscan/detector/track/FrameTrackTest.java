package org.roadscan.detector.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.geo.FrameTelemetry;
import org.roadscan.detector.geo.Wgs84;

class FrameTrackTest {

  private static final double LON = 7.1030;
  private static final double LAT = 51.4985;

  /** A point {@code eastM}, {@code northM} from the origin, at a time, with heights. */
  private static TrackPoint at(long timeMs, double eastM, double northM, Double yawDeg) {
    GeodesicData g = Geodesic.WGS84.Direct(LAT, LON,
        Math.toDegrees(Math.atan2(eastM, northM)), Math.hypot(eastM, northM));
    return new TrackPoint(timeMs, null, g.lon2, g.lat2, 30.0 + timeMs / 1000.0, 500.0, -90.0,
        yawDeg, null, 24.0);
  }

  @Test
  void positionAndHeightsAreInterpolatedLinearlyInTime() {
    FrameTrack track = new FrameTrack(List.of(at(1000, 0, 0, 10.0), at(2000, 0, 10, 20.0)),
        FrameTrack.Clock.VIDEO);

    FrameTelemetry t = track.at(1250).orElseThrow().telemetry();

    assertThat(Wgs84.distanceM(LON, LAT, t.lonDeg(), t.latDeg())).isCloseTo(2.5, within(1e-6));
    assertThat(t.relativeAltitudeM()).isCloseTo(31.25, within(1e-9));
    assertThat(t.gimbalYawDeg()).isCloseTo(12.5, within(1e-9));
    assertThat(t.focalLength35mmEq()).isEqualTo(24.0);
  }

  @Test
  void pointsAreSortedAndTheEndsHaveATolerance() {
    FrameTrack track = new FrameTrack(List.of(at(2000, 0, 10, null), at(1000, 0, 0, null)),
        FrameTrack.Clock.VIDEO);

    assertThat(track.startMs()).isEqualTo(1000);
    assertThat(track.at(985, 16)).isPresent();
    assertThat(track.at(983, 16)).isEmpty();
    assertThat(track.at(2016, 16)).isPresent();
    assertThat(track.at(2017, 16)).isEmpty();
    assertThat(track.outsideReason(983, 16)).startsWith("before the telemetry starts");
    assertThat(track.outsideReason(3000, 16)).startsWith("after the telemetry ends");
  }

  @Test
  void aDropoutLongerThanTheMaximumGapHasNoSample() {
    FrameTrack track = new FrameTrack(List.of(at(0, 0, 0, null), at(1000, 0, 10, null),
        at(1000 + FrameTrack.MAX_GAP_MS + 1, 0, 60, null)), FrameTrack.Clock.VIDEO);

    assertThat(track.at(500)).isPresent();
    assertThat(track.at(3000)).isEmpty();
    assertThat(track.outsideReason(3000, 0)).contains("dropout");
    // The points on either side of the gap still have their own values.
    assertThat(track.at(1000)).isPresent();
    assertThat(track.at(1000 + FrameTrack.MAX_GAP_MS + 1)).isPresent();
  }

  @Test
  void headingComesFromTheTrackWhenThePointsHaveNoYaw() {
    // 30 Hz points 0.3 m apart heading east-north-east (60°): a single step is below the 2 m
    // baseline, the widened window is not.
    List<TrackPoint> points = new ArrayList<>();
    double stepM = 0.3;
    for (int i = 0; i < 60; i++) {
      double d = i * stepM;
      points.add(at(i * 33L, d * Math.sin(Math.toRadians(60)), d * Math.cos(Math.toRadians(60)),
          null));
    }
    FrameTrack track = new FrameTrack(points, FrameTrack.Clock.VIDEO);

    TrackSample sample = track.at(30 * 33L + 10).orElseThrow();

    assertThat(sample.trackHeadingDeg()).isCloseTo(60, within(0.01));
    assertThat(sample.telemetry().flightYawDeg()).isCloseTo(60, within(0.01));
    assertThat(sample.telemetry().gimbalYawDeg()).isNull();
  }

  @Test
  void aStandingTrackHasNoHeading() {
    FrameTrack track = new FrameTrack(List.of(at(0, 0, 0, null), at(1000, 0.3, 0.2, null),
        at(2000, 0.1, -0.2, null)), FrameTrack.Clock.VIDEO);

    assertThat(track.at(1500).orElseThrow().trackHeadingDeg()).isNull();
  }

  @Test
  void distanceTravelledFollowsTheTrackBetweenInterpolatedEnds() {
    // An L: 10 m north, then 10 m east.
    FrameTrack track = new FrameTrack(List.of(at(0, 0, 0, null), at(1000, 0, 10, null),
        at(2000, 10, 10, null)), FrameTrack.Clock.VIDEO);

    assertThat(track.distanceM(500, 1500)).isCloseTo(10, within(1e-3));
    assertThat(track.distanceM(0, 2000)).isCloseTo(20, within(1e-3));
    assertThat(track.distanceM(1500, 500)).isCloseTo(10, within(1e-3));
    assertThat(track.distanceM(-5000, 250)).isCloseTo(2.5, within(1e-3));
  }
}
