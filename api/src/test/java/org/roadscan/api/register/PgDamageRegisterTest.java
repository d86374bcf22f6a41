package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.roadscan.api.testing.TestCaptures.analysis;
import static org.roadscan.api.testing.TestCaptures.observation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.priority.PriorityPolicy;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.geo.Wgs84;

/** The merge rule ({@link MergeRule}) against a real PostgreSQL with cube + earthdistance. */
class PgDamageRegisterTest {

  private static final Instant MONDAY = Instant.parse("2025-06-02T09:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2025-06-03T09:00:00Z");

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

  private RegisteredCapture registerNew(CaptureAnalysis analysis) {
    return Await.result(register.register(pool, nextSha256(), analysis));
  }

  private String nextSha256() {
    return "%064x".formatted(++captures);
  }

  private Row damage(long id) {
    return Await.result(pool.preparedQuery("SELECT * FROM damages WHERE id = $1")
        .execute(Tuple.of(id))).iterator().next();
  }

  private long count(String table) {
    return Await.result(pool.query("SELECT count(*) AS n FROM " + table).execute())
        .iterator().next().getLong("n");
  }

  @Test
  void twoPhotosOfOneDamageOneMetreApartMergeAndTheDamageKeepsItsFrame() {
    RegisteredCapture first = registerNew(analysis(MONDAY, observation("D40", 0, 0, 0.3, 2.0)));
    RegisteredCapture second = registerNew(analysis(TUESDAY, observation("D40", 1, 0, 0.5, 2.0)));

    RegisteredObservation merged = second.observations().get(0);
    assertThat(merged.merged()).isTrue();
    assertThat(merged.damageId()).isEqualTo(first.observations().get(0).damageId());
    Row damage = damage(merged.damageId());
    assertThat(damage.getInteger("observation_count")).isEqualTo(2);
    assertThat(damage.getInteger("version")).isEqualTo(2);
    // The second photo's only box is this damage: its offset is 1 m east, and aligned by it the
    // box lies on the damage, which keeps its position and its uncertainty (MergeRule).
    assertThat(damage.getDouble("lon")).isCloseTo(TestCaptures.lonEast(0), within(1e-9));
    assertThat(damage.getDouble("lat")).isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-9));
    assertThat(damage.getDouble("uncertainty_m")).isCloseTo(2.0, within(1e-9));
    assertThat(damage.getDouble("area_m2")).isEqualTo(0.5);
    assertThat(damage.getOffsetDateTime("first_seen").toInstant()).isEqualTo(MONDAY);
    assertThat(damage.getOffsetDateTime("last_seen").toInstant()).isEqualTo(TUESDAY);
    JsonObject priority = (JsonObject) damage.getValue("priority_parts");
    double points = 0;
    for (String part : List.of("severity", "size", "growth", "road", "sensitive", "age")) {
      points += priority.getJsonObject(part).getDouble("points");
    }
    assertThat(damage.getDouble("priority_score")).isCloseTo(points, within(1e-9));
    assertThat(damage.getDouble("priority_base")).isCloseTo(
        points - priority.getJsonObject("age").getDouble("points"), within(1e-9));
    assertThat(damage.getDouble("grade"))
        .isEqualTo(priority.getJsonObject("grade").getDouble("value"));
    // 0.3 m² on Monday, 0.5 m² on Tuesday: +67 % in a day, far beyond 50 % a month.
    assertThat(damage.getDouble("first_area_m2")).isEqualTo(0.3);
    assertThat(priority.getJsonObject("growth").getDouble("value")).isEqualTo(1.0);
    assertThat(count("damages")).isEqualTo(1);
    List<String> events = new ArrayList<>();
    Await.result(pool.query("SELECT kind FROM damage_events ORDER BY id").execute())
        .forEach(row -> events.add(row.getString("kind")));
    assertThat(events).containsExactly("created", "merged");
  }

  /**
   * A merge that moves a damage without a larger view moves its stored footprint with it (V10
   * {@code translated_footprint}): the footprint stays on the position.
   */
  @Test
  void theFootprintMovesWithThePosition() {
    RegisteredCapture first = registerNew(analysis(MONDAY, observation("D40", 0, 0, 1.0, 1.0)));
    // unprojected (camera position, area 0): merges by the gate, at equal weight, 0.3 m east
    registerNew(analysis(TUESDAY, observation("D40", 0.6, 0, 0, 1.0)));

    Row damage = damage(first.observations().get(0).damageId());
    assertThat(damage.getDouble("lon")).isCloseTo(TestCaptures.lonEast(0.3), within(1e-9));
    assertThat(damage.getDouble("uncertainty_m")).isCloseTo(1 / Math.sqrt(2), within(1e-9));
    assertThat(damage.getDouble("area_m2")).isEqualTo(1.0);
    JsonArray ring = ((JsonObject) damage.getValue("footprint"))
        .getJsonArray("coordinates").getJsonArray(0);
    double west = Double.POSITIVE_INFINITY;
    double east = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < ring.size(); i++) {
      west = Math.min(west, ring.getJsonArray(i).getDouble(0));
      east = Math.max(east, ring.getJsonArray(i).getDouble(0));
    }
    assertThat(west).isCloseTo(TestCaptures.lonEast(-0.2), within(1e-9));
    assertThat(east).isCloseTo(TestCaptures.lonEast(0.8), within(1e-9));
  }

  @Test
  void twoObservationsTwentyMetresApartDoNotMerge() {
    registerNew(analysis(MONDAY, observation("D40", 0, 0, 0.3, 2.0)));
    RegisteredCapture second = registerNew(analysis(TUESDAY, observation("D40", 0, 20, 0.3, 2.0)));

    assertThat(second.observations().get(0).merged()).isFalse();
    assertThat(count("damages")).isEqualTo(2);
  }

  @Test
  void aCrackThatBecameAPotholeIsTheSameDamageNowWorse() {
    RegisteredCapture crack = registerNew(analysis(MONDAY, observation("D10", 0, 0, 0.5, 1.0)));
    RegisteredCapture pothole = registerNew(analysis(TUESDAY,
        observation("D40", 0.5, 0, 1.5, 1.0)));

    RegisteredObservation merged = pothole.observations().get(0);
    assertThat(merged.merged()).isTrue();
    assertThat(merged.damageId()).isEqualTo(crack.observations().get(0).damageId());
    Row damage = damage(merged.damageId());
    assertThat(damage.getString("class")).isEqualTo("D40");
    JsonObject parts = (JsonObject) damage.getValue("priority_parts");
    assertThat(parts.getJsonObject("severity").getDouble("value")).isEqualTo(1.0);
    assertThat(parts.getJsonObject("severity").getString("why")).isEqualTo("D40 pothole");
    JsonObject detail = (JsonObject) Await.result(pool.query(
        "SELECT detail FROM damage_events WHERE kind = 'merged'").execute())
        .iterator().next().getValue("detail");
    assertThat(detail.getString("classFrom")).isEqualTo("D10");
    assertThat(detail.getString("classTo")).isEqualTo("D40");
    assertThat(count("observations")).isEqualTo(2);
  }

  @Test
  void aMilderClassMergesWithoutMakingTheDamageMilder() {
    registerNew(analysis(MONDAY, observation("D20", 0, 0, 2.0, 1.0)));
    RegisteredCapture crack = registerNew(analysis(TUESDAY, observation("D00", 0.3, 0, 0.2, 1.0)));

    assertThat(crack.observations().get(0).merged()).isTrue();
    assertThat(damage(crack.observations().get(0).damageId()).getString("class"))
        .isEqualTo("D20");
    JsonObject detail = (JsonObject) Await.result(pool.query(
        "SELECT detail FROM damage_events WHERE kind = 'merged'").execute())
        .iterator().next().getValue("detail");
    assertThat(detail.containsKey("classFrom")).isFalse();
    assertThat(detail.getString("observedClass")).isEqualTo("D00");
  }

  @Test
  void anUnknownClassMergesOnlyWithItself() {
    registerNew(analysis(MONDAY, observation("D40", 0, 0, 0.3, 2.0)));
    RegisteredCapture other = registerNew(analysis(TUESDAY, observation("D50", 0, 0, 0.3, 2.0)));
    RegisteredCapture again = registerNew(analysis(TUESDAY, observation("D50", 0.5, 0, 0.3, 2.0)));

    assertThat(other.observations().get(0).merged()).isFalse();
    assertThat(again.observations().get(0).merged()).isTrue();
    assertThat(again.observations().get(0).damageId())
        .isEqualTo(other.observations().get(0).damageId());
    assertThat(count("damages")).isEqualTo(2);
  }

  @Test
  void theCombinedUncertaintyDecidesNotTheLargerOfTheTwo() {
    // σd = 4 m, σo = 3 m: merge within sqrt(3² + 4²) = 5 m (the old max(σo, radius) gave 4 m).
    registerNew(analysis(MONDAY, observation("D40", 0, 0, 0, 4.0)));

    RegisteredCapture within = registerNew(analysis(TUESDAY, observation("D40", 4.8, 0, 0, 3.0)));
    RegisteredCapture beyond = registerNew(analysis(TUESDAY, observation("D40", 0, -6.5, 0, 3.0)));

    assertThat(within.observations().get(0).merged()).isTrue();
    assertThat(beyond.observations().get(0).merged()).isFalse();
  }

  @Test
  void preciseObservationsMergeWithinTheOneMetreFloorAndNotBeyond() {
    registerNew(analysis(MONDAY, observation("D10", 0, 0, 0, 0.3)));

    RegisteredCapture near = registerNew(analysis(TUESDAY, observation("D10", 0.8, 0, 0, 0.3)));
    RegisteredCapture far = registerNew(analysis(TUESDAY, observation("D10", -1.5, 0, 0, 0.3)));

    assertThat(near.observations().get(0).merged()).isTrue();
    assertThat(far.observations().get(0).merged()).isFalse();
  }

  @Test
  void aLargeDamageMergesAnOffCentreObservationWithinItsEquivalentRadius() {
    // 9 m² → radius sqrt(9 / π) = 1.69 m; the second view is 1.5 m off with 0.3 m uncertainty.
    registerNew(analysis(MONDAY, observation("D20", 0, 0, 9.0, 0.3)));
    RegisteredCapture second = registerNew(analysis(TUESDAY, observation("D20", 1.5, 0, 4.0, 0.3)));

    assertThat(second.observations().get(0).merged()).isTrue();
    Row damage = damage(second.observations().get(0).damageId());
    assertThat(damage.getDouble("area_m2")).isEqualTo(9.0);
    JsonObject parts = (JsonObject) damage.getValue("priority_parts");
    assertThat(parts.getJsonObject("severity").getDouble("value")).isEqualTo(0.7);
    assertThat(parts.getJsonObject("severity").getString("why")).isEqualTo("D20 alligator cracking");
    assertThat(parts.getJsonObject("size").getString("why")).startsWith("9.00 m²");
    // Seen first at 9 m², then 4 m² (a partial view): no growth.
    assertThat(parts.getJsonObject("growth").getDouble("value")).isZero();
  }

  @Test
  void theSamePhotoRegisteredTwiceAddsNothing() {
    CaptureAnalysis photo = analysis(MONDAY, observation("D40", 0, 0, 0.3, 2.0));
    RegisteredCapture first = Await.result(register.register(pool, "%064x".formatted(42), photo));
    RegisteredCapture again = Await.result(register.register(pool, "%064x".formatted(42), photo));

    assertThat(again.duplicate()).isTrue();
    assertThat(again.captureId()).isEqualTo(first.captureId());
    assertThat(count("observations")).isEqualTo(1);
    assertThat(damage(first.observations().get(0).damageId()).getInteger("observation_count"))
        .isEqualTo(1);
  }

  @Test
  void concurrentRegistrationsOfOneDamageCreateItOnce() {
    List<Future<RegisteredCapture>> registrations = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      registrations.add(register.register(pool, nextSha256(),
          analysis(MONDAY, observation("D40", 0.1 * i, 0, 0.3, 2.0))));
    }
    Await.result(Future.all(registrations));

    assertThat(count("damages")).isEqualTo(1);
    assertThat(Await.result(pool.query("SELECT observation_count FROM damages").execute())
        .iterator().next().getInteger("observation_count")).isEqualTo(6);
  }

  @Test
  void concurrentCracksAndPotholesOfOneDamageCreateItOnce() {
    String[] classes = {"D00", "D40", "D10", "D20", "D40", "D00"};
    List<Future<RegisteredCapture>> registrations = new ArrayList<>();
    for (int i = 0; i < classes.length; i++) {
      registrations.add(register.register(pool, nextSha256(),
          analysis(MONDAY, observation(classes[i], 0.1 * i, 0, 0.3, 2.0))));
    }
    Await.result(Future.all(registrations));

    assertThat(count("damages")).isEqualTo(1);
    Row damage = Await.result(pool.query("SELECT class, observation_count FROM damages")
        .execute()).iterator().next();
    assertThat(damage.getInteger("observation_count")).isEqualTo(6);
    assertThat(damage.getString("class")).isEqualTo("D40");
  }

  @Test
  void theRegistersStatementsArePreparedOnceAndPlannedOnce() {
    List<Row> statements = Await.result(pool.withConnection(conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < 8; i++) {
        CaptureAnalysis a = analysis(MONDAY.plusSeconds(i), observation("D40", i * 30.0, 0, 1.0,
            0.5), observation("D40", i * 30.0 + 0.3, 0, 1.0, 0.5));
        String sha = nextSha256();
        chain = chain.compose(v -> conn.begin().compose(tx -> register.register(conn, sha, a)
            .compose(r -> tx.commit())));
      }
      return chain.compose(v -> conn.query("SELECT statement, generic_plans, custom_plans"
          + " FROM pg_prepared_statements").execute()).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
          });
    }));
    // Prepared once per connection (one row each), the look-up and the write planned generically.
    assertThat(statements).filteredOn(r -> r.getString("statement").contains("JOIN damages d"))
        .singleElement().satisfies(r -> assertThat(r.getLong("generic_plans")).isEqualTo(8));
    assertThat(statements).filteredOn(r -> r.getString("statement").contains("new_ids"))
        .singleElement().satisfies(r -> assertThat(r.getLong("generic_plans")).isEqualTo(8));
  }

  @Test
  void theMergeDistanceAgreesWithPostgresEarthDistanceWithinTheEllipsoidsFlattening() {
    // Wgs84.distanceM is the geodesic on the ellipsoid, earth_distance a great circle on a
    // 6378168 m sphere: they differ by at most the flattening, 0.34 %.
    double[][] pairs = {{7.0986, 51.5136, 7.09861, 51.51362}, {7.0986, 51.5136, 7.0990, 51.5130},
        {-122.4, 37.7, -122.3999, 37.7001}, {13.4, 52.5, 13.4, 52.5}};
    for (double[] p : pairs) {
      double postgres = Await.result(pool.preparedQuery("SELECT earth_distance(ll_to_earth($2, $1),"
          + " ll_to_earth($4, $3)) AS m").execute(Tuple.of(p[0], p[1], p[2], p[3])))
          .iterator().next().getDouble("m");
      assertThat(Wgs84.distanceM(p[0], p[1], p[2], p[3])).isCloseTo(postgres,
          withinPercentage(0.34));
    }
  }

  @Test
  void aBatchRegistersLikeOneCaptureAfterTheOther() {
    String monday = nextSha256();
    String tuesday = nextSha256();
    List<RegisteredCapture> results = Await.result(pool.withTransaction(tx ->
        register.registerAll(tx, List.of(
            new PgDamageRegister.Registration(monday, analysis(MONDAY,
                observation("D10", 0, 0, 0.3, 1.0), observation("D40", 30, 0, 0.5, 1.0))),
            new PgDamageRegister.Registration(tuesday, analysis(TUESDAY,
                observation("D40", 0.4, 0, 0.6, 1.0))),
            new PgDamageRegister.Registration(monday, analysis(MONDAY,
                observation("D10", 0, 0, 0.3, 1.0)))))));

    assertThat(results).extracting(RegisteredCapture::duplicate)
        .containsExactly(false, false, true);
    assertThat(results.get(2).captureId()).isEqualTo(results.get(0).captureId());
    assertThat(results.get(2).observations()).isEmpty();
    RegisteredObservation crack = results.get(0).observations().get(0);
    RegisteredObservation later = results.get(1).observations().get(0);
    assertThat(crack.merged()).isFalse();
    assertThat(results.get(0).observations().get(1).merged()).isFalse();
    assertThat(later.merged()).isTrue();
    assertThat(later.damageId()).isEqualTo(crack.damageId());
    Row damage = damage(crack.damageId());
    assertThat(damage.getString("class")).isEqualTo("D40");
    assertThat(damage.getInteger("observation_count")).isEqualTo(2);
    assertThat(damage.getOffsetDateTime("first_seen").toInstant()).isEqualTo(MONDAY);
    assertThat(damage.getOffsetDateTime("last_seen").toInstant()).isEqualTo(TUESDAY);
    assertThat(damage.getDouble("area_m2")).isEqualTo(0.6);
    assertThat(damage.getDouble("first_area_m2")).isEqualTo(0.3);
    // aligned by Tuesday's offset (0.4 m east) the box lies on the damage, which stays
    assertThat(damage.getDouble("lon")).isCloseTo(TestCaptures.lonEast(0), within(1e-9));
    assertThat(count("damages")).isEqualTo(2);
    assertThat(count("observations")).isEqualTo(3);
    assertThat(count("captures")).isEqualTo(2);
    List<String> events = new ArrayList<>();
    Await.result(pool.preparedQuery("SELECT kind, detail FROM damage_events WHERE damage_id = $1"
        + " ORDER BY id").execute(Tuple.of(crack.damageId()))).forEach(r -> {
          events.add(r.getString("kind"));
          assertThat(r.getJsonObject("detail").getLong("observationId")).isNotNull();
        });
    assertThat(events).containsExactly("created", "merged");
  }

  @Test
  void theBatcherRegistersConcurrentSubmissionsAndCommitsTheirWorkWithThem() {
    RegisterBatcher batcher = new RegisterBatcher(pool, register);
    Await.result(pool.query("CREATE TABLE done_marks (capture_id bigint PRIMARY KEY)")
        .execute());
    List<Future<RegisteredCapture>> submitted = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      submitted.add(batcher.submit(nextSha256(), analysis(MONDAY.plusSeconds(i),
          observation("D40", 0.1 * i, 0, 0.5, 1.0)), (tx, registered) -> tx.preparedQuery(
              "INSERT INTO done_marks VALUES ($1)").execute(Tuple.of(registered.captureId()))
          .mapEmpty()));
    }
    Await.result(Future.all(submitted));

    assertThat(count("damages")).isEqualTo(1);
    assertThat(count("observations")).isEqualTo(10);
    assertThat(count("done_marks")).isEqualTo(10);
    assertThat(damage(submitted.get(9).result().observations().get(0).damageId())
        .getInteger("observation_count")).isEqualTo(10);
  }

  @Test
  void aBatchThatFailsIsRetriedCaptureByCaptureSoOnlyTheBadOneFails() {
    RegisterBatcher batcher = new RegisterBatcher(pool, register);
    List<Future<RegisteredCapture>> submitted = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int n = i;
      submitted.add(batcher.submit(nextSha256(), analysis(MONDAY.plusSeconds(i),
          observation("D40", 100.0 * i, 0, 0.5, 1.0)), (tx, registered) -> n == 2
              ? Future.failedFuture(new IllegalStateException("the third one is bad"))
              : Future.succeededFuture()));
    }
    Await.result(Future.join(submitted).otherwiseEmpty());

    assertThat(submitted).extracting(Future::succeeded).containsExactly(true, true, false, true);
    assertThat(submitted.get(2).cause()).hasMessage("the third one is bad");
    assertThat(count("captures")).isEqualTo(3);
    assertThat(count("damages")).isEqualTo(3);
  }
}
