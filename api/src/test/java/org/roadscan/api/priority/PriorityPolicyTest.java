package org.roadscan.api.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The parts of the priority, one at a time, with hand-computed values; positions near the test
 * layers in {@code src/test/resources/layers} (a primary road along lat 51.5136 from lon 7.0980 to
 * 7.1000, a residential street 156 m north of it, a school just north-west of the primary road).
 */
class PriorityPolicyTest {

  private static final Instant SEEN = Instant.parse("2026-06-01T08:00:00Z");
  /** Far from every layer feature. */
  private static final double NOWHERE_LON = 7.2;
  private static final double NOWHERE_LAT = 51.6;

  private final PriorityPolicy plain = new PriorityPolicy();

  private static DamageFacts facts(String className, double areaM2, double lengthM) {
    return new DamageFacts(className, areaM2, lengthM, areaM2, SEEN, SEEN, NOWHERE_LON,
        NOWHERE_LAT, 1);
  }

  @Test
  void severityFollowsTheClassTable() {
    assertThat(plain.score(facts("D40", 1, 0), SEEN).part("severity").value()).isEqualTo(1.0);
    assertThat(plain.score(facts("D20", 1, 0), SEEN).part("severity").value()).isEqualTo(0.7);
    assertThat(plain.score(facts("D10", 1, 0), SEEN).part("severity").value()).isEqualTo(0.5);
    assertThat(plain.score(facts("D00", 1, 0), SEEN).part("severity").value()).isEqualTo(0.4);
    PriorityPart unknown = plain.score(facts("D44", 1, 0), SEEN).part("severity");
    assertThat(unknown.value()).isEqualTo(PriorityPolicy.UNLISTED_SEVERITY);
    assertThat(unknown.why()).contains("not in the severity table");
  }

  @Test
  void sizeIsLogarithmicInAreaClampedAndLengthCountsForCracks() {
    assertThat(plain.score(facts("D40", 0.05, 0), SEEN).part("size").value()).isZero();
    assertThat(plain.score(facts("D40", 10, 0), SEEN).part("size").value())
        .isCloseTo(1, within(1e-12));
    assertThat(plain.score(facts("D40", 434, 0), SEEN).part("size").value())
        .isCloseTo(1, within(1e-12));
    assertThat(plain.score(facts("D40", 1, 0), SEEN).part("size").value())
        .isCloseTo(Math.log(20) / Math.log(200), within(1e-12));
    // A 6 m crack of 0.3 m²: length 6/10 beats area ln(6)/ln(200) = 0.338.
    PriorityPart crack = plain.score(facts("D00", 0.3, 6), SEEN).part("size");
    assertThat(crack.value()).isCloseTo(0.6, within(1e-12));
    assertThat(crack.why()).contains("6.0 m long");
    // Length does not count for potholes.
    assertThat(plain.score(facts("D40", 0.3, 6), SEEN).part("size").value())
        .isCloseTo(Math.log(6) / Math.log(200), within(1e-12));
    assertThat(plain.score(facts("D40", 0, 0), SEEN).part("size").why())
        .contains("not projected");
  }

  @Test
  void growthIsRelativeAreaGrowthPerMonth() {
    Instant later = SEEN.plus(Duration.ofDays(61)); // 2.004 months of 30.44 days
    DamageFacts grew = new DamageFacts("D40", 1.5, 0, 1.0, SEEN, later, NOWHERE_LON, NOWHERE_LAT,
        1);

    PriorityPart growth = plain.score(grew, later).part("growth");

    // +50 % in 2.004 months = 24.95 % a month, half of the 50 % that counts as 1.
    assertThat(growth.value()).isCloseTo(0.5 / (61 / 30.44) / 0.5, within(1e-9));
    assertThat(growth.why()).contains("1.00 m² → 1.50 m²");
    assertThat(plain.score(facts("D40", 1, 0), SEEN).part("growth").value()).isZero();
  }

  @Test
  void ageReachesOneAfterAYear() {
    DamageFacts d = facts("D40", 1, 0);
    assertThat(plain.score(d, SEEN.plus(Duration.ofDays(73))).part("age").value())
        .isCloseTo(0.2, within(1e-9));
    assertThat(plain.score(d, SEEN.plus(Duration.ofDays(800))).part("age").value()).isEqualTo(1);
  }

  @Test
  void scoreIsTheWeightedMeanOnAHundredPointScaleAndBaseLeavesOutAge() {
    PriorityScore s = plain.score(facts("D40", 10, 0), SEEN.plus(Duration.ofDays(365)));

    // severity 1, size 1, growth 0, road 0.5 (no layer), sensitive 0, age 1.
    assertThat(s.score()).isCloseTo(100 * (0.35 + 0.20 + 0 + 0.20 * 0.5 + 0 + 0.05),
        within(1e-9));
    assertThat(s.baseScore()).isCloseTo(s.score() - 5, within(1e-9));
    assertThat(plain.agePoints()).isCloseTo(5, within(1e-12));
    assertThat(s.parts().stream().mapToDouble(PriorityPart::points).sum())
        .isCloseTo(s.score(), within(1e-9));
    assertThat(s.toJson().getJsonObject("road").getString("why"))
        .isEqualTo("no road layer configured");
  }

  @Test
  void roadLayerGivesClassAndTrafficAndSensitiveLayerProximity() throws Exception {
    PriorityPolicy withLayers = new PriorityPolicy(PriorityWeights.DEFAULTS,
        MapLayer.read(Path.of("src/test/resources/layers/roads.geojson")),
        MapLayer.read(Path.of("src/test/resources/layers/sensitive.geojson")));
    // On the primary road (24,000 vehicles/day), right under the school's south edge (22 m).
    DamageFacts onPrimary = new DamageFacts("D40", 1, 0, 1, SEEN, SEEN, 7.0986, 51.5136, 1);
    PriorityScore s = withLayers.score(onPrimary, SEEN);
    assertThat(s.part("road").value()).isEqualTo(1.0); // traffic 24000/20000 capped, above 0.9
    assertThat(s.part("road").why()).contains("primary road 'Bochumer Straße' 0 m away",
        "24000 vehicles/day");
    assertThat(s.part("sensitive").value()).isEqualTo(1.0);
    assertThat(s.part("sensitive").why()).contains("school 'Grundschule am Park' 22 m away");

    // On the residential street, 156 m north: the school is 111 m away.
    DamageFacts onSideStreet = new DamageFacts("D40", 1, 0, 1, SEEN, SEEN, 7.0986, 51.5150, 1);
    PriorityScore side = withLayers.score(onSideStreet, SEEN);
    assertThat(side.part("road").value()).isEqualTo(0.45);
    assertThat(side.part("sensitive").value()).isCloseTo(1 - (111.3 - 50) / 250, within(0.01));

    PriorityScore nowhere = withLayers.score(facts("D40", 1, 0), SEEN);
    assertThat(nowhere.part("road").value()).isEqualTo(PriorityPolicy.UNKNOWN_ROAD);
    assertThat(nowhere.part("road").why()).contains("no road of roads.geojson within 20 m");
    assertThat(nowhere.part("sensitive").value()).isZero();
  }

  @Test
  void gradeMapsSeverityAndSizeOntoTheZebStyleScale() {
    assertThat(plain.score(facts("D40", 1, 0), SEEN).grade()).isEqualTo(4.5);
    assertThat(plain.score(facts("D40", 5, 0), SEEN).grade()).isEqualTo(4.8);
    assertThat(plain.score(facts("D20", 3, 0), SEEN).grade()).isEqualTo(4.0);
    assertThat(plain.score(facts("D00", 0.1, 1), SEEN).grade()).isEqualTo(2.6);
    assertThat(ConditionGrade.band(4.5)).isEqualTo("threshold");
    assertThat(ConditionGrade.band(3.5)).isEqualTo("warning");
    assertThat(ConditionGrade.band(3.4)).isEqualTo("below-warning");
    assertThat(ConditionGrade.of(1, 1)).isEqualTo(5.0);
    assertThat(ConditionGrade.of(0, 0)).isEqualTo(1.5);
  }

  @Test
  void weightsParseByNameAndRefuseNonsense() {
    PriorityWeights w = PriorityWeights.parse("road=0.5, age=0");
    assertThat(w.road()).isEqualTo(0.5);
    assertThat(w.age()).isZero();
    assertThat(w.severity()).isEqualTo(PriorityWeights.DEFAULTS.severity());
    assertThatThrownBy(() -> PriorityWeights.parse("speed=1")).hasMessageContaining("speed");
    assertThatThrownBy(() -> PriorityWeights.parse("road=lots")).hasMessageContaining("road");
    assertThatThrownBy(() -> PriorityWeights.parse("road=-1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
