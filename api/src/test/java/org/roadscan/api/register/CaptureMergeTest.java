package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.roadscan.api.testing.TestCaptures.lonEast;
import static org.roadscan.api.testing.TestCaptures.observation;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.api.testing.TestCaptures;

/** The merge rule applied in memory to the observations of one capture. */
class CaptureMergeTest {

  private static final Instant MONDAY = Instant.parse("2025-06-02T09:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2025-06-03T09:00:00Z");

  private static CaptureMerge.Nearby stored(long id, String cls, double eastM, double areaM2,
      double uncertaintyM, boolean flagged) {
    return new CaptureMerge.Nearby(id, cls, lonEast(eastM), TestCaptures.ORIGIN_LAT_DEG,
        uncertaintyM, 1 / (uncertaintyM * uncertaintyM), areaM2, 0, areaM2, MONDAY, MONDAY, flagged);
  }

  /** Issue #26: the boxes of one photo are different damages by construction. */
  @Test
  void twoBoxesOfOnePhotoAreTwoDamagesEachWhereItWasSeen() {
    CaptureMerge merge = new CaptureMerge(List.of());
    List<CaptureMerge.Step> steps = merge.plan(7, TUESDAY,
        List.of(observation("D40", 0, 0, 0.4, 5.3), observation("D40", 3, 0, 0.2, 5.3)));

    assertThat(merge.created()).hasSize(2);
    assertThat(steps).extracting(CaptureMerge.Step::merged).containsExactly(false, false);
    assertThat(merge.created().get(0).lonDeg).isCloseTo(lonEast(0), within(1e-10));
    assertThat(merge.created().get(1).lonDeg).isCloseTo(lonEast(3), within(1e-10));
    assertThat(merge.created()).extracting(t -> t.areaM2).containsExactly(0.4, 0.2);
    assertThat(merge.created()).extracting(t -> t.added).containsExactly(1, 1);
  }

  @Test
  void unprojectedObservationsOfTwoPhotosMergeAtTheWeightedPosition() {
    CaptureMerge merge = new CaptureMerge(List.of());
    merge.plan(7, TUESDAY, List.of(observation("D40", 0, 0, 0, 1.0)));
    List<CaptureMerge.Step> steps = merge.plan(8, TUESDAY,
        List.of(observation("D40", 0.6, 0, 0, 2.0)));

    assertThat(merge.created()).singleElement().satisfies(t -> {
      assertThat(t.added).isEqualTo(2);
      // weights 1 and 1/4: (0 * 1 + 0.6 * 0.25) / 1.25 = 0.12 m east
      assertThat(t.lonDeg).isCloseTo(lonEast(0.12), within(1e-10));
      // no frame offset: independent errors combine
      assertThat(t.uncertaintyM).isCloseTo(1 / Math.sqrt(1.25), within(1e-12));
      assertThat(t.firstSeen).isEqualTo(TUESDAY);
    });
    CaptureMerge.Event merged = steps.get(0).events().get(0);
    assertThat(merged.kind()).isEqualTo("merged");
    assertThat(merged.detail().getLong("captureId")).isEqualTo(8);
    assertThat(merged.detail().getDouble("distanceM")).isCloseTo(0.6, within(1e-3));
    assertThat(merged.detail().containsKey("offsetEastM")).isFalse();
  }

  /**
   * Two cracks 1 m apart, seen again in a photo whose GPS is 3.2 m east and 2.1 m south off: the
   * shared offset matches each to its own damage, and neither moves.
   */
  @Test
  void aSharedFrameOffsetMatchesEachBoxToItsOwnDamage() {
    CaptureMerge merge = new CaptureMerge(List.of(
        stored(1, "D00", 0, 0.3, 5.3, false), stored(2, "D00", 1, 0.3, 5.3, false)));
    List<CaptureMerge.Step> steps = merge.plan(7, TUESDAY, List.of(
        observation("D00", 1 + 3.2, -2.1, 0.3, 5.3), observation("D00", 3.2, -2.1, 0.25, 5.3)));

    assertThat(steps).extracting(s -> s.target().stored.id()).containsExactly(2L, 1L);
    assertThat(merge.created()).isEmpty();
    assertThat(merge.mergedInto()).allSatisfy(t -> {
      assertThat(t.added).isEqualTo(1);
      assertThat(t.latDeg).isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-8));
      assertThat(t.uncertaintyM).isEqualTo(5.3);
    });
    assertThat(merge.mergedInto().get(0).lonDeg).isCloseTo(lonEast(0), within(1e-8));
    assertThat(merge.mergedInto().get(1).lonDeg).isCloseTo(lonEast(1), within(1e-8));
    JsonObject detail = steps.get(0).events().get(0).detail();
    assertThat(detail.getDouble("offsetEastM")).isCloseTo(3.2, within(1e-3));
    assertThat(detail.getDouble("offsetNorthM")).isCloseTo(-2.1, within(1e-3));
    assertThat(detail.getDouble("distanceM")).isLessThan(1e-3);
  }

  /** A new damage beside a known one, in an offset photo, is created where it is, aligned. */
  @Test
  void aNewBoxBesideAKnownDamageIsCreatedAtItsAlignedPosition() {
    CaptureMerge merge = new CaptureMerge(List.of(stored(1, "D40", 0, 0.3, 5.3, false)));
    List<CaptureMerge.Step> steps = merge.plan(7, TUESDAY, List.of(
        observation("D40", 2, 1, 0.3, 5.3), observation("D40", 3.5, 1, 0.2, 5.3)));

    assertThat(steps.get(0).target().stored.id()).isEqualTo(1);
    assertThat(steps.get(1).merged()).isFalse();
    CaptureMerge.Target created = merge.created().get(0);
    // 3.5 m east, 1 m north, less the photo's offset (2, 1): 1.5 m east of the origin
    assertThat(created.lonDeg).isCloseTo(lonEast(1.5), within(1e-8));
    assertThat(created.latDeg).isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-8));
  }

  @Test
  void aStoredFlaggedDamageIsMergedAndUnflaggedOnce() {
    CaptureMerge merge = new CaptureMerge(
        List.of(stored(3, "D10", 0, 0.2, 1.0, true), stored(3, "D10", 0, 0.2, 1.0, true)));
    List<CaptureMerge.Step> first = merge.plan(7, TUESDAY,
        List.of(observation("D40", 0.5, 0, 0.1, 1.0)));
    List<CaptureMerge.Step> second = merge.plan(8, TUESDAY,
        List.of(observation("D00", 0.2, 0, 0.1, 1.0)));

    assertThat(merge.created()).isEmpty();
    assertThat(merge.mergedInto()).singleElement().satisfies(t -> {
      assertThat(t.stored.id()).isEqualTo(3);
      assertThat(t.added).isEqualTo(2);
      assertThat(t.className).isEqualTo("D40");
      assertThat(t.areaM2).isEqualTo(0.2);
      assertThat(t.largest).isNull();
      assertThat(t.lastSeen).isEqualTo(TUESDAY);
      assertThat(t.firstSeen).isEqualTo(MONDAY);
      assertThat(t.possiblyRepaired).isFalse();
    });
    assertThat(first.get(0).events()).extracting(CaptureMerge.Event::kind)
        .containsExactly("merged", "unflagged");
    assertThat(first.get(0).events().get(0).detail().getString("classFrom")).isEqualTo("D10");
    assertThat(first.get(0).events().get(0).detail().getString("classTo")).isEqualTo("D40");
    assertThat(second.get(0).events()).extracting(CaptureMerge.Event::kind)
        .containsExactly("merged");
    assertThat(second.get(0).events().get(0).detail().containsKey("classFrom")).isFalse();
  }

  @Test
  void theNearestCompatibleDamageWinsAndTiesGoToTheLowerId() {
    CaptureMerge merge = new CaptureMerge(List.of(
        stored(9, "D40", -0.5, 0, 1.0, false), stored(4, "D40", 0.5, 0, 1.0, false),
        stored(2, "D50", 0, 0, 1.0, false), stored(1, "D40", 0.3, 0, 1.0, false)));
    List<CaptureMerge.Step> steps = merge.plan(7, TUESDAY,
        List.of(observation("D20", 0.4, 0, 0, 1.0),
        observation("D40", 0, 0, 0, 1.0)));

    assertThat(steps.get(0).target().stored.id()).isEqualTo(1); // 0.1 m vs 0.1 m: id 1 < 4
    // damage 1 is taken by the first box of this photo; 0.5 m to 4 and to 9: the lower id;
    // D50 is incompatible
    assertThat(steps.get(1).target().stored.id()).isEqualTo(4);
  }

  @Test
  void anEarlierPhotoMovesFirstSeenAndTheFirstArea() {
    CaptureMerge merge = new CaptureMerge(
        List.of(stored(5, "D40", 0, 1.0, 1.0, false)));
    merge.plan(7, MONDAY.minusSeconds(3600), List.of(observation("D40", 0.1, 0, 0.3, 1.0)));

    CaptureMerge.Target t = merge.mergedInto().get(0);
    assertThat(t.firstSeen).isEqualTo(MONDAY.minusSeconds(3600));
    assertThat(t.firstAreaM2).isEqualTo(0.3);
    assertThat(t.lastSeen).isEqualTo(MONDAY);
    assertThat(t.areaM2).isEqualTo(1.0);
  }

  @Test
  void beyondTheMergeDistanceAnObservationCreatesItsOwnDamage() {
    CaptureMerge merge = new CaptureMerge(
        List.of(stored(5, "D40", 0, 0, 0.5, false)));
    // max(sqrt(0.5² + 0.5²), radius 0.5, floor 1 m) = 1 m
    List<CaptureMerge.Step> first = merge.plan(7, TUESDAY,
        List.of(observation("D40", 1.05, 0, 0, 0.5)));
    List<CaptureMerge.Step> second = merge.plan(8, TUESDAY,
        List.of(observation("D40", 1.1, 0, 0, 0.5)));

    assertThat(first.get(0).merged()).isFalse();
    assertThat(second.get(0).merged()).isTrue();
    assertThat(second.get(0).target()).isSameAs(first.get(0).target());
    assertThat(merge.mergedInto()).isEmpty();
  }

  @Test
  void aLaterCaptureOfTheBatchMergesIntoWhatAnEarlierOneCreated() {
    CaptureMerge merge = new CaptureMerge(List.of());
    List<CaptureMerge.Step> monday = merge.plan(7, MONDAY,
        List.of(observation("D10", 0, 0, 0.2, 1.0)));
    List<CaptureMerge.Step> tuesday = merge.plan(8, TUESDAY,
        List.of(observation("D40", 0.4, 0, 0.3, 1.0)));

    assertThat(tuesday.get(0).merged()).isTrue();
    assertThat(tuesday.get(0).captureId()).isEqualTo(8);
    assertThat(tuesday.get(0).target()).isSameAs(monday.get(0).target());
    CaptureMerge.Target t = merge.created().get(0);
    assertThat(t.firstSeen).isEqualTo(MONDAY);
    assertThat(t.lastSeen).isEqualTo(TUESDAY);
    assertThat(t.firstAreaM2).isEqualTo(0.2);
    assertThat(t.className).isEqualTo("D40");
    assertThat(tuesday.get(0).events().get(0).detail().getLong("captureId")).isEqualTo(8);
  }
}
