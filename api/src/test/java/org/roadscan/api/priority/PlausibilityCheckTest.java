package org.roadscan.api.priority;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlausibilityCheckTest {

  private static final Instant SEEN = Instant.parse("2026-06-01T08:00:00Z");
  /** On Bochumer Straße of the test road layer (a line along latitude 51.5136). */
  private static final double ROAD_LON = 7.0990;
  private static final double ROAD_LAT = 51.5136;
  private static final double METRES_PER_DEGREE_LAT = 111_250; // at 51.5° N, within 0.1 %

  private static DamageFacts facts(String className, double areaM2, double lengthM,
      double northOfRoadM, double uncertaintyM) {
    return new DamageFacts(className, areaM2, lengthM, areaM2, SEEN, SEEN, ROAD_LON,
        ROAD_LAT + northOfRoadM / METRES_PER_DEGREE_LAT, uncertaintyM);
  }

  private static MapLayer roads() throws Exception {
    return MapLayer.read(Path.of("src/test/resources/layers/roads.geojson"));
  }

  @Test
  void aFieldSizedPotholeIsImplausibleAndARealOneIsNot() {
    PlausibilityCheck check = new PlausibilityCheck(null);
    List<Implausibility> field = check.check(facts("D40", 433.2, 24.1, 0, 1));
    assertThat(field).singleElement().satisfies(i -> {
      assertThat(i.reason()).isEqualTo(Implausibility.SIZE);
      assertThat(i.detail()).isEqualTo("433.2 m² is larger than any real pothole (limit 6 m²)");
    });
    assertThat(check.check(facts("D40", 1.8, 1.6, 0, 1))).isEmpty();
    assertThat(check.check(facts("D40", 5.9, 3.9, 0, 1))).isEmpty();
  }

  @Test
  void aLongNarrowPotholeIsJudgedByItsLength() {
    List<Implausibility> reasons = new PlausibilityCheck(null).check(facts("D40", 4, 8.2, 0, 1));
    assertThat(reasons).singleElement().extracting(Implausibility::detail)
        .isEqualTo("8.2 m long is longer than any real pothole (limit 4 m)");
  }

  @Test
  void cracksMayBeLongButNotFieldSized() {
    PlausibilityCheck check = new PlausibilityCheck(null);
    assertThat(check.check(facts("D00", 12, 30, 0, 1))).isEmpty();
    assertThat(check.check(facts("D00", 12, 51, 0, 1))).extracting(Implausibility::reason)
        .containsExactly(Implausibility.SIZE);
    assertThat(check.check(facts("D20", 35, 9, 0, 1))).isEmpty();
    assertThat(check.check(facts("D20", 235, 15.7, 0, 1))).extracting(Implausibility::detail)
        .containsExactly("235.0 m² is larger than any real alligator cracking (limit 60 m²)");
  }

  @Test
  void aDamageWithoutKnownSizeIsNotJudgedOnSize() {
    // placed at the camera position only: area and length 0
    assertThat(new PlausibilityCheck(null).check(facts("D40", 0, 0, 0, 25))).isEmpty();
  }

  @Test
  void withoutARoadLayerNothingIsOffRoad() {
    assertThat(new PlausibilityCheck(null).check(facts("D40", 1, 1, 5_000, 1))).isEmpty();
  }

  @Test
  void offRoadAllowsFifteenMetresPlusTwiceThePositionUncertainty() throws Exception {
    PlausibilityCheck check = new PlausibilityCheck(roads());
    assertThat(check.check(facts("D40", 1, 1, 0, 1))).isEmpty();
    assertThat(check.check(facts("D40", 1, 1, 16, 1))).isEmpty(); // within 15 + 2 m
    List<Implausibility> far = check.check(facts("D40", 1, 1, 18, 1));
    assertThat(far).singleElement().satisfies(i -> {
      assertThat(i.reason()).isEqualTo(Implausibility.OFF_ROAD);
      assertThat(i.detail()).isEqualTo(
          "no road of roads.geojson within 17 m (15 m plus twice the position uncertainty)");
    });
    // the same spot with a 5 m uncertainty: a road 18 m away may be where it really is
    assertThat(check.check(facts("D40", 1, 1, 18, 5))).isEmpty();
  }

  @Test
  void aDamageCanBeBothTooLargeAndOffRoad() throws Exception {
    assertThat(new PlausibilityCheck(roads()).check(facts("D40", 585.6, 25.9, 200, 2)))
        .extracting(Implausibility::reason)
        .containsExactly(Implausibility.SIZE, Implausibility.OFF_ROAD);
  }

  @Test
  void theRegisterFormRoundTrips() {
    List<Implausibility> reasons = List.of(new Implausibility("size", "too large"),
        new Implausibility("offRoad", "far"));
    assertThat(Implausibility.fromJson(Implausibility.toJson(reasons))).isEqualTo(reasons);
    assertThat(Implausibility.fromJson(null)).isEmpty();
  }

  @Test
  void thePolicyReportsTheReasonsWithTheScore() {
    PriorityScore score = new PriorityPolicy().score(facts("D40", 18.6, 8.2, 0, 1), SEEN);
    assertThat(score.plausible()).isFalse();
    assertThat(score.implausible()).extracting(Implausibility::reason)
        .containsExactly(Implausibility.SIZE);
    assertThat(new PriorityPolicy().score(facts("D40", 1, 1, 0, 1), SEEN).plausible()).isTrue();
  }
}
