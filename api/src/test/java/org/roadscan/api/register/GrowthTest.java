package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.PixelBox;

class GrowthTest {

  private static final Instant JUNE = Instant.parse("2025-06-02T09:00:00Z");

  private static DamageObservation seen(Instant at, double areaM2) {
    return new DamageObservation(1, 1, at, "D40", 0.8, areaM2, 1.0, 0.5, "NADIR",
        new PixelBox(10, 20, 30, 40));
  }

  @Test
  void oneObservationHasNoRate() {
    Growth growth = Growth.of(List.of(seen(JUNE, 0.4)));

    assertThat(growth.firstAreaM2()).isEqualTo(0.4);
    assertThat(growth.lastAreaM2()).isEqualTo(0.4);
    assertThat(growth.areaChangeM2()).isEqualTo(0.0);
    assertThat(growth.areaChangePerMonthM2()).isNull();
  }

  @Test
  void theRateIsPerMeanMonthBetweenFirstAndLast() {
    Instant later = JUNE.plus(Duration.ofMillis(Math.round(2 * Growth.MONTH_DAYS * 86_400_000)));
    Growth growth = Growth.of(List.of(seen(JUNE, 0.5), seen(JUNE.plusSeconds(86_400), 3.0),
        seen(later, 1.5)));

    assertThat(growth.firstAreaM2()).isEqualTo(0.5);
    assertThat(growth.lastAreaM2()).isEqualTo(1.5);
    assertThat(growth.areaChangeM2()).isCloseTo(1.0, within(1e-12));
    assertThat(growth.areaChangePerMonthM2()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void lessThanADayApartHasNoRate() {
    Growth growth = Growth.of(List.of(seen(JUNE, 0.5), seen(JUNE.plusSeconds(86_399), 0.9)));

    assertThat(growth.areaChangeM2()).isCloseTo(0.4, within(1e-12));
    assertThat(growth.areaChangePerMonthM2()).isNull();
  }
}
