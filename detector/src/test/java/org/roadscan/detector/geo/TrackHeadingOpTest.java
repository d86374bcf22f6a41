package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.geo.TrackHeadingOp.Fix;

/**
 * Pins {@link TrackHeadingOp}: geodesic headings in [0, 360) within 0.01° for straight runs north,
 * east and south-west (fixes 10 m apart, built with GeographicLib); headings returned in input
 * order whatever the time order; central difference in the middle of a run and one-sided baselines
 * at its ends; no heading for a standing vehicle (moves under 2 m), across a gap over 30 s, or for
 * a fix without time.
 */
class TrackHeadingOpTest {

  private static final GeoPoint START = new GeoPoint(7.1030, 51.4985);
  private static final Instant T0 = Instant.parse("2024-05-06T07:08:09Z");
  private static final double DEG_TOLERANCE = 0.01;

  /** The point {@code distanceM} from {@code from} along the geodesic leaving at {@code azimuthDeg}. */
  private static GeoPoint move(GeoPoint from, double azimuthDeg, double distanceM) {
    GeodesicData g = Geodesic.WGS84.Direct(from.latDeg(), from.lonDeg(), azimuthDeg, distanceM);
    return new GeoPoint(g.lon2, g.lat2);
  }

  private static Fix fix(long secondsAfterT0, GeoPoint at) {
    return new Fix(T0.plusSeconds(secondsAfterT0), at.lonDeg(), at.latDeg());
  }

  /** Five fixes 10 m and 1 s apart along one geodesic. */
  private static List<Fix> straightRun(double azimuthDeg) {
    List<Fix> fixes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fixes.add(fix(i, move(START, azimuthDeg, 10 * i)));
    }
    return fixes;
  }

  @Test
  void straightRunsHeadNorthEastAndSouthWest() {
    assertHeadings(TrackHeadingOp.headings(straightRun(0)), 0);
    assertHeadings(TrackHeadingOp.headings(straightRun(90)), 90);
    assertHeadings(TrackHeadingOp.headings(straightRun(225)), 225);
  }

  @Test
  void headingsAreInTheRangeZeroTo360() {
    // West is -90 as a geodesic azimuth.
    for (Double heading : TrackHeadingOp.headings(straightRun(-90))) {
      assertThat(heading).isCloseTo(270, within(DEG_TOLERANCE));
    }
  }

  @Test
  void middleFixUsesCentralDifferenceAndEndsUseOneSidedBaselines() {
    // 10 m north, then 10 m east.
    GeoPoint a = START;
    GeoPoint b = move(a, 0, 10);
    GeoPoint c = move(b, 90, 10);

    List<Double> headings = TrackHeadingOp.headings(List.of(fix(0, a), fix(1, b), fix(2, c)));

    assertThat(headings.get(0)).as("first: this → next").isCloseTo(0, within(DEG_TOLERANCE));
    assertThat(headings.get(1)).as("middle: previous → next")
        .isCloseTo(Geodesy.bearingDeg(a, c), within(1e-9))
        .isCloseTo(45, within(DEG_TOLERANCE));
    assertThat(headings.get(2)).as("last: previous → this")
        .isCloseTo(Geodesy.bearingDeg(b, c), within(1e-9))
        .isCloseTo(90, within(DEG_TOLERANCE));
  }

  @Test
  void unorderedFixesGetTheirHeadingsInInputOrder() {
    GeoPoint a = START;
    GeoPoint b = move(a, 0, 10);
    GeoPoint c = move(b, 90, 10);

    List<Double> headings = TrackHeadingOp.headings(List.of(fix(2, c), fix(0, a), fix(1, b)));

    assertThat(headings).hasSize(3);
    assertThat(headings.get(0)).isCloseTo(90, within(DEG_TOLERANCE));
    assertThat(headings.get(1)).isCloseTo(0, within(DEG_TOLERANCE));
    assertThat(headings.get(2)).isCloseTo(45, within(DEG_TOLERANCE));
  }

  @Test
  void standingVehicleHasNoHeading() {
    // GPS jitter of a parked car: under 2 m between any two fixes.
    List<Fix> fixes = List.of(fix(0, START), fix(1, move(START, 80, 0.6)),
        fix(2, move(START, 200, 0.7)), fix(3, move(START, 310, 0.5)));

    assertThat(TrackHeadingOp.headings(fixes)).hasSize(4).containsOnlyNulls();
  }

  @Test
  void baselineOfAtLeastTwoMetresIsUsable() {
    assertThat(TrackHeadingOp.headings(List.of(fix(0, START), fix(1, move(START, 90, 2.5)))))
        .allSatisfy(h -> assertThat(h).isCloseTo(90, within(DEG_TOLERANCE)));
    assertThat(TrackHeadingOp.headings(List.of(fix(0, START), fix(1, move(START, 90, 1.5)))))
        .containsOnlyNulls();
  }

  @Test
  void isolatedFixAfterAGapOfMoreThan30SecondsHasNoHeading() {
    GeoPoint a = START;
    GeoPoint b = move(a, 0, 10);
    GeoPoint far = move(b, 0, 10);

    List<Double> headings = TrackHeadingOp.headings(List.of(fix(0, a), fix(1, b), fix(100, far)));

    assertThat(headings.get(0)).isCloseTo(0, within(DEG_TOLERANCE));
    // previous → next and this → next span 99 s: falls back to previous → this.
    assertThat(headings.get(1)).isCloseTo(0, within(DEG_TOLERANCE));
    assertThat(headings.get(2)).isNull();
  }

  @Test
  void gapOfExactly30SecondsIsStillOneRun() {
    List<Double> headings = TrackHeadingOp.headings(List.of(
        fix(0, START), fix(30, move(START, 90, 10))));

    assertThat(headings).allSatisfy(h -> assertThat(h).isCloseTo(90, within(DEG_TOLERANCE)));
  }

  @Test
  void fixWithoutTimeHasNoHeadingAndIsSkippedByItsNeighbours() {
    List<Fix> run = straightRun(90);
    // An untimed fix far off to the north, listed in the middle of the run.
    Fix untimed = new Fix(null, move(START, 0, 500).lonDeg(), move(START, 0, 500).latDeg());
    List<Fix> fixes = new ArrayList<>(run);
    fixes.add(2, untimed);

    List<Double> headings = TrackHeadingOp.headings(fixes);

    assertThat(headings).hasSize(6);
    assertThat(headings.get(2)).isNull();
    for (int i : new int[] {0, 1, 3, 4, 5}) {
      assertThat(headings.get(i)).as("fix %s", i).isCloseTo(90, within(DEG_TOLERANCE));
    }
  }

  @Test
  void emptyRunHasNoHeadings() {
    assertThat(TrackHeadingOp.headings(List.of())).isEmpty();
  }

  private static void assertHeadings(List<Double> headings, double expectedDeg) {
    assertThat(headings).hasSize(5);
    for (int i = 0; i < headings.size(); i++) {
      assertThat(headings.get(i)).as("fix %s of a run at %s°", i, expectedDeg)
          .isNotNull()
          .isGreaterThanOrEqualTo(0.0).isLessThan(360.0)
          .isCloseTo(expectedDeg, within(DEG_TOLERANCE));
    }
  }
}
