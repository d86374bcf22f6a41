package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.geo.Wgs84;

class MergeRuleTest {

  @Test
  void cracksAndPotholesAreCompatibleUnknownClassesOnlyWithThemselves() {
    assertThat(MergeRule.compatible("D00", "D40")).isTrue();
    assertThat(MergeRule.compatible("D20", "D10")).isTrue();
    assertThat(MergeRule.compatible("D40", "D40")).isTrue();
    assertThat(MergeRule.compatible("D50", "D50")).isTrue();
    assertThat(MergeRule.compatible("D50", "D40")).isFalse();
    assertThat(MergeRule.compatible("D40", "D50")).isFalse();
    assertThat(MergeRule.compatibleClasses("D10")).containsExactly("D00", "D10", "D20", "D40");
    assertThat(MergeRule.compatibleClasses("D50")).containsExactly("D50");
  }

  @Test
  void theMergedDamageTakesTheMoreSevereClass() {
    assertThat(MergeRule.mergedClass("D10", "D40")).isEqualTo("D40");
    assertThat(MergeRule.mergedClass("D40", "D00")).isEqualTo("D40");
    assertThat(MergeRule.mergedClass("D00", "D20")).isEqualTo("D20");
    assertThat(MergeRule.mergedClass("D20", "D10")).isEqualTo("D20");
    assertThat(MergeRule.mergedClass("D50", "D50")).isEqualTo("D50");
    assertThatThrownBy(() -> MergeRule.mergedClass("D50", "D40"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compatibleClassesShareOneLockGroup() {
    assertThat(MergeRule.lockGroup("D00")).isEqualTo(MergeRule.CRACKS_AND_POTHOLES);
    assertThat(MergeRule.lockGroup("D40")).isEqualTo(MergeRule.CRACKS_AND_POTHOLES);
    assertThat(MergeRule.lockGroup("D50")).isEqualTo("D50");
  }

  @Test
  void theMergeDistanceCombinesBothUncertainties() {
    // sqrt(3² + 4²) = 5 m beats radius(d) = 4 m and the 1 m floor.
    assertThat(MergeRule.mergeDistanceM(3, 4, 0)).isCloseTo(5.0, within(1e-12));
    // A 9 m² damage: radius sqrt(9 / π) = 1.69 m beats sqrt(0.3² + 0.3²) = 0.42 m.
    assertThat(MergeRule.mergeDistanceM(0.3, 0.3, 9)).isCloseTo(Math.sqrt(9 / Math.PI),
        within(1e-12));
    // Precise positions: the 1 m floor.
    assertThat(MergeRule.mergeDistanceM(0.1, 0.1, 0)).isEqualTo(MergeRule.MIN_RADIUS_M);
    // The damage's own radius is capped at 10 m, the combined uncertainty is not.
    assertThat(MergeRule.damageRadiusM(2, 1000)).isEqualTo(MergeRule.MAX_DAMAGE_RADIUS_M);
    assertThat(MergeRule.mergeDistanceM(12, 5, 1000)).isCloseTo(13.0, within(1e-12));
  }

  @Test
  void theSearchRadiusCoversEveryDamageThatCouldMerge() {
    for (double sigmaO : new double[] {0.1, 1, 5, 25}) {
      for (double sigmaD : new double[] {0.1, 1, 5, MergeRule.MAX_DAMAGE_UNCERTAINTY_M}) {
        for (double areaM2 : new double[] {0, 1, 100, 10_000}) {
          assertThat(MergeRule.searchRadiusM(sigmaO))
              .isGreaterThanOrEqualTo(MergeRule.mergeDistanceM(sigmaO, sigmaD, areaM2));
        }
      }
    }
  }

  @Test
  void lockKeysOfObservationsThatCouldMergeShareACellAndFarOnesDoNot() {
    double radiusM = MergeRule.searchRadiusM(5);
    java.util.Set<String> a = MergeRule.lockKeys("D40", 7.09860, 51.51360, radiusM);
    // 30 m east (within reach), as a crack: same group, a shared cell.
    java.util.Set<String> near = MergeRule.lockKeys("D00", 7.09903, 51.51360, radiusM);
    // 500 m north: no shared cell, so the two captures register in parallel.
    java.util.Set<String> far = MergeRule.lockKeys("D40", 7.09860, 51.51810, radiusM);

    assertThat(a).isNotEmpty().hasSizeLessThanOrEqualTo(9);
    assertThat(a).allMatch(k -> k.startsWith(MergeRule.CRACKS_AND_POTHOLES + ":"));
    assertThat(near).containsAnyElementsOf(a);
    assertThat(far).doesNotContainAnyElementsOf(a);
    assertThat(MergeRule.lockKeys("X99", 7.09860, 51.51360, radiusM))
        .doesNotContainAnyElementsOf(a);
  }

  @Test
  void distancesAreGeodesicMetresOnTheWgs84Ellipsoid() {
    // the ellipsoid's radii of curvature at 51.5005 N: meridian (north) and prime vertical (east)
    double a = 6_378_137;
    double e2 = 0.00669437999014;
    double sin = Math.sin(Math.toRadians(51.5005));
    double meridianM = a * (1 - e2) / Math.pow(1 - e2 * sin * sin, 1.5);
    double primeVerticalM = a / Math.sqrt(1 - e2 * Math.sin(Math.toRadians(51.5))
        * Math.sin(Math.toRadians(51.5)));
    assertThat(Wgs84.distanceM(7.1, 51.5, 7.1, 51.501))
        .isCloseTo(meridianM * Math.toRadians(0.001), within(1e-3));
    assertThat(Wgs84.distanceM(7.1, 51.5, 7.101, 51.5))
        .isCloseTo(primeVerticalM * Math.cos(Math.toRadians(51.5)) * Math.toRadians(0.001),
            within(1e-3));
    assertThat(Wgs84.distanceM(7.1, 51.5, 7.1, 51.5)).isZero();
  }

  @Test
  void theSearchBoxHoldsEveryPointWithinTheRadius() {
    for (double lat : new double[] {0, 51.5, -33.9, 70}) {
      double[] box = MergeRule.searchBoxDeg(7.1, lat, 35);
      for (int bearing = 0; bearing < 360; bearing += 15) {
        GeodesicData p = Geodesic.WGS84.Direct(lat, 7.1, bearing, 35);
        assertThat(p.lon2).isBetween(box[0], box[2]);
        assertThat(p.lat2).isBetween(box[1], box[3]);
      }
    }
  }
}
