package org.roadscan.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.detector.Detection;
import org.roadscan.detector.Observation;
import org.roadscan.detector.PixelBox;

/** Issue #28: the per-frame passability hint counts potholes only. */
class PassabilityTest {

  @Test
  void potholesDecideTheHintCracksDoNot() {
    assertThat(Passability.of(List.of()).hint()).isEqualTo("clear");
    assertThat(Passability.of(List.of(crack(), crack(), crack(), crack())).hint())
        .isEqualTo("clear");
    assertThat(Passability.of(List.of(pothole(0.3, 0.6))).hint()).isEqualTo("caution");
    assertThat(Passability.of(List.of(pothole(0.3, 0.6), pothole(0.3, 0.6))).hint())
        .isEqualTo("caution");
    assertThat(Passability.of(List.of(pothole(0.2, 0.5), pothole(0.2, 0.5), pothole(0.2, 0.5)))
        .hint()).isEqualTo("questionable"); // three of them
    assertThat(Passability.of(List.of(pothole(0.6, 0.8), pothole(0.5, 0.8))).hint())
        .isEqualTo("questionable"); // 1.1 m2 together
    assertThat(Passability.of(List.of(pothole(0.4, 1.2))).hint())
        .isEqualTo("questionable"); // 1.2 m across
    Passability p = Passability.of(List.of(pothole(0.3, 0.6), crack()));
    assertThat(p.potholes()).isEqualTo(1);
    assertThat(p.toJson().getString("basis")).contains("1 pothole(s)", "per frame");
  }

  private static Observation pothole(double areaM2, double lengthM) {
    return new Observation(new Detection("D40", 3, 0.8, new PixelBox(0, 0, 10, 10)),
        TestCaptures.ORIGIN_LON_DEG, TestCaptures.ORIGIN_LAT_DEG, null, areaM2, lengthM, 1.0,
        Observation.Projection.NADIR);
  }

  private static Observation crack() {
    return new Observation(new Detection("D00", 0, 0.8, new PixelBox(0, 0, 10, 10)),
        TestCaptures.ORIGIN_LON_DEG, TestCaptures.ORIGIN_LAT_DEG, null, 2.0, 5.0, 1.0,
        Observation.Projection.NADIR);
  }
}
