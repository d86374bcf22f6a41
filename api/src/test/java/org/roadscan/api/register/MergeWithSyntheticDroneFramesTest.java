package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.roadscan.api.priority.PriorityPolicy;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.SyntheticDroneFrames;
import org.roadscan.api.testing.SyntheticDroneFrames.Frame;
import org.roadscan.api.testing.SyntheticDroneFrames.Truth;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.geo.EnuPoint;
import org.roadscan.detector.geo.GeoPoint;
import org.roadscan.detector.geo.LocalFrame;
import org.roadscan.detector.geo.Wgs84;

/**
 * Issue #26, part 1: the merge rule on drone frames with exact ground truth ({@link
 * SyntheticDroneFrames}: real JPEGs with DJI XMP, read and projected by the production code),
 * registered in a real PostgreSQL. Each frame's GPS is off by an error shared by all its boxes;
 * the register keeps the frame of the first capture that saw a place ({@link MergeRule}), so a
 * damage must sit at its true position plus that first frame's GPS error, to {@value #TOLERANCE_M}
 * m.
 */
class MergeWithSyntheticDroneFramesTest {

  /** Largest distance between a damage's position and where it must be, metres. */
  private static final double TOLERANCE_M = 0.05;
  private static final Instant MAY_1 = Instant.parse("2026-05-01T09:00:00Z");

  private Vertx vertx;
  private Pool pool;
  private PgDamageRegister register;
  private int captures;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = SharedPostgres.newMigratedPool(vertx);
    register = new PgDamageRegister(new PriorityPolicy());
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  static Stream<Arguments> poses() {
    List<Arguments> poses = new ArrayList<>();
    for (double pitchDeg : new double[] {-90, -60, -45}) {
      for (double yawDeg : new double[] {30, 120, -150, 300}) {
        poses.add(Arguments.of(pitchDeg, yawDeg));
      }
    }
    return poses.stream();
  }

  /**
   * A pothole, a weaker pothole 3 m away and a crack, in one frame: three damages, each where it
   * is; a second frame a week later, a quarter turn round and with its GPS 3.6 m off, finds each
   * again and moves none.
   */
  @ParameterizedTest(name = "pitch {0}, yaw {1}")
  @MethodSource("poses")
  void boxesOfOneFrameStayApartAndAnOffsetFrameFindsEachAgain(double pitchDeg, double yawDeg) {
    List<Truth> truth = List.of(
        new Truth("D40", 0, 0, 0.5),
        new Truth("D40", 3, 0, 0.3),
        new Truth("D00", 1, 1.5, 0.4));
    Frame first = new Frame(1, 0.5, 30, pitchDeg, yawDeg, 0, 0, MAY_1);
    Frame second = new Frame(1.5, 0, 30, pitchDeg, yawDeg + 90, 3, -2, MAY_1.plusSeconds(604_800));

    List<Long> ids = damageIds(registerNew(SyntheticDroneFrames.analysis(first, truth)));

    assertThat(ids).doesNotHaveDuplicates();
    assertPositions(ids, truth, first, 1);

    List<Long> again = damageIds(registerNew(SyntheticDroneFrames.analysis(second, truth)));

    assertThat(again).containsExactlyElementsOf(ids);
    assertThat(count("damages")).isEqualTo(3);
    assertPositions(ids, truth, first, 2);
  }

  /**
   * One flight north over a street, 30 m, nadir, eight overlapping frames 3 m apart, each with its
   * own GPS error of up to 2 m per axis: a pothole, a crack 1 m beside it and a second pothole are
   * three damages with eight observations each.
   */
  @Test
  void eightOverlappingFramesOfOneFlightSeeEachDamageOnce() {
    List<Truth> truth = List.of(
        new Truth("D40", 0, 0, 0.6),
        new Truth("D00", 1, 0, 0.3),
        new Truth("D40", -2, 4, 0.4));
    Random random = new Random(26);
    List<Frame> flight = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      flight.add(new Frame(0, -10 + 3 * k, 30, -90, 0, 4 * random.nextDouble() - 2,
          4 * random.nextDouble() - 2, MAY_1.plusSeconds(2L * k)));
    }

    List<Long> ids = null;
    for (Frame frame : flight) {
      List<Long> seen = damageIds(registerNew(SyntheticDroneFrames.analysis(frame, truth)));
      assertThat(seen).as("%s", frame).doesNotHaveDuplicates();
      if (ids == null) {
        ids = seen;
      }
      assertThat(seen).as("%s", frame).containsExactlyElementsOf(ids);
    }

    assertThat(count("damages")).isEqualTo(3);
    assertPositions(ids, truth, flight.get(0), 8);
  }

  /**
   * Two cracks 1 m apart, seen in a survey in May (oblique, GPS 2.2 m off) and again in August
   * (nadir, another heading, GPS 3.9 m off the other way): two damages, two observations each.
   */
  @Test
  void twoCracksOneMetreApartInTwoSurveysStayTwoDamages() {
    List<Truth> truth = List.of(new Truth("D00", 0, 0, 0.6), new Truth("D10", 0, 1, 0.6));
    Frame may = new Frame(0, 0.5, 30, -60, 120, 2, 1, MAY_1);
    Frame august = new Frame(0.5, 0, 30, -90, -150, -3, 2.5, MAY_1.plusSeconds(92L * 86_400));

    List<Long> ids = damageIds(registerNew(SyntheticDroneFrames.analysis(may, truth)));
    List<Long> again = damageIds(registerNew(SyntheticDroneFrames.analysis(august, truth)));

    assertThat(ids).doesNotHaveDuplicates();
    assertThat(again).containsExactlyElementsOf(ids);
    assertThat(count("damages")).isEqualTo(2);
    assertPositions(ids, truth, may, 2);
  }

  /**
   * Each damage {@code ids[i]} sits at {@code truth[i]} plus the GPS error of {@code anchor}, has
   * {@code observations} observations, and its footprint lies on its position: the footprint of
   * its largest observation moved by the damage's position minus that observation's centre, with
   * the damage's area.
   */
  private void assertPositions(List<Long> ids, List<Truth> truth, Frame anchor,
      int observations) {
    for (int i = 0; i < ids.size(); i++) {
      Truth t = truth.get(i);
      Row d = damage(ids.get(i));
      GeoPoint expected = SyntheticDroneFrames.at(t.eastM() + anchor.gpsErrorEastM(),
          t.northM() + anchor.gpsErrorNorthM());
      double lon = d.getDouble("lon");
      double lat = d.getDouble("lat");
      assertThat(Wgs84.distanceM(lon, lat, expected.lonDeg(), expected.latDeg()))
          .as("damage %d (%s)", i, t).isLessThan(TOLERANCE_M);
      assertThat(d.getInteger("observation_count")).as("damage %d", i).isEqualTo(observations);

      Row largest = Await.result(pool.preparedQuery("SELECT lon, lat, footprint, area_m2 FROM"
          + " observations WHERE damage_id = $1 ORDER BY area_m2 DESC, id LIMIT 1")
          .execute(Tuple.of(ids.get(i)))).iterator().next();
      assertThat(d.getDouble("area_m2")).isEqualTo(largest.getDouble("area_m2"));
      LocalFrame frame = new LocalFrame(lon, lat);
      List<EnuPoint> damageRing = ring(frame, (JsonObject) d.getValue("footprint"));
      LocalFrame observed = new LocalFrame(largest.getDouble("lon"), largest.getDouble("lat"));
      List<EnuPoint> observedRing = ring(observed, (JsonObject) largest.getValue("footprint"));
      assertThat(damageRing).hasSameSizeAs(observedRing);
      for (int k = 0; k < damageRing.size(); k++) {
        assertThat(damageRing.get(k).eastM()).isCloseTo(observedRing.get(k).eastM(),
            within(0.005));
        assertThat(damageRing.get(k).northM()).isCloseTo(observedRing.get(k).northM(),
            within(0.005));
      }
      assertThat(Math.abs(shoelaceM2(damageRing))).isCloseTo(d.getDouble("area_m2"),
          within(0.01 * d.getDouble("area_m2")));
    }
  }

  private static List<EnuPoint> ring(LocalFrame frame, JsonObject polygon) {
    JsonArray positions = polygon.getJsonArray("coordinates").getJsonArray(0);
    List<EnuPoint> ring = new ArrayList<>();
    for (int i = 0; i < positions.size(); i++) {
      JsonArray p = positions.getJsonArray(i);
      ring.add(frame.toEnu(p.getDouble(0), p.getDouble(1)));
    }
    return ring;
  }

  private static double shoelaceM2(List<EnuPoint> ring) {
    double twice = 0;
    for (int i = 0; i + 1 < ring.size(); i++) {
      twice += ring.get(i).eastM() * ring.get(i + 1).northM()
          - ring.get(i + 1).eastM() * ring.get(i).northM();
    }
    return twice / 2;
  }

  private RegisteredCapture registerNew(CaptureAnalysis analysis) {
    return Await.result(register.register(pool, "%064x".formatted(++captures), analysis));
  }

  private static List<Long> damageIds(RegisteredCapture capture) {
    return capture.observations().stream().map(RegisteredObservation::damageId).toList();
  }

  private Row damage(long id) {
    return Await.result(pool.preparedQuery("SELECT * FROM damages WHERE id = $1")
        .execute(Tuple.of(id))).iterator().next();
  }

  private long count(String table) {
    return Await.result(pool.query("SELECT count(*) AS n FROM " + table).execute())
        .iterator().next().getLong("n");
  }
}
