package org.roadscan.api.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PriorityPolicyTest {

  private final PriorityPolicy policy = new PriorityPolicy();

  @Test
  void scoreIsSeverityTimesArea() {
    assertThat(policy.score("D40", 2.0).score()).isCloseTo(2.0, within(1e-12));
    assertThat(policy.score("D20", 2.0).score()).isCloseTo(1.4, within(1e-12));
    assertThat(policy.score("D10", 2.0).score()).isCloseTo(1.0, within(1e-12));
    assertThat(policy.score("D00", 2.0).score()).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void areaIsFlooredSoCameraPositionObservationsStillRankBySeverity() {
    PriorityScore pothole = policy.score("D40", 0);
    PriorityScore crack = policy.score("D00", 0);

    assertThat(pothole.scoredAreaM2()).isEqualTo(PriorityPolicy.AREA_FLOOR_M2);
    assertThat(pothole.score()).isCloseTo(0.05, within(1e-12));
    assertThat(pothole.score()).isGreaterThan(crack.score());
  }

  @Test
  void unlistedClassGetsTheDefaultSeverityAndSaysSo() {
    PriorityScore score = policy.score("D44", 1.0);

    assertThat(score.severity()).isEqualTo(PriorityPolicy.UNLISTED_SEVERITY);
    assertThat(score.severityKnown()).isFalse();
  }

  @Test
  void anImplausiblyLargeFootprintCountsAsTenSquareMetres() {
    PriorityScore huge = new PriorityPolicy().score("D40", 434.0);
    assertThat(huge.score()).isCloseTo(10.0, within(1e-12));
    assertThat(huge.scoredAreaM2()).isEqualTo(10.0);
    assertThat(huge.areaM2()).isEqualTo(434.0);
  }
}
