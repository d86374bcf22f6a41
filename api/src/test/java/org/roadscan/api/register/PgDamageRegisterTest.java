package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.roadscan.api.testing.TestCaptures.analysis;
import static org.roadscan.api.testing.TestCaptures.observation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
  void twoObservationsOneMetreApartMerge() {
    RegisteredCapture first = registerNew(analysis(MONDAY, observation("D40", 0, 0, 0.3, 2.0)));
    RegisteredCapture second = registerNew(analysis(TUESDAY, observation("D40", 1, 0, 0.5, 2.0)));

    RegisteredObservation merged = second.observations().get(0);
    assertThat(merged.merged()).isTrue();
    assertThat(merged.damageId()).isEqualTo(first.observations().get(0).damageId());
    Row damage = damage(merged.damageId());
    assertThat(damage.getInteger("observation_count")).isEqualTo(2);
    assertThat(damage.getInteger("version")).isEqualTo(2);
    // Equal uncertainties: the merged position is the midpoint, 0.5 m east of the origin.
    assertThat(damage.getDouble("lon")).isCloseTo(TestCaptures.lonEast(0.5), within(1e-9));
    assertThat(damage.getDouble("lat")).isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-9));
    assertThat(damage.getDouble("uncertainty_m")).isCloseTo(2.0 / Math.sqrt(2), within(1e-9));
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

  @Test
  void twoObservationsTwentyMetresApartDoNotMerge() {
    registerNew(analysis(MONDAY, observation("D40", 0, 0, 0.3, 2.0)));
    RegisteredCapture second = registerNew(analysis(TUESDAY, observation("D40", 0, 20, 0.3, 2.0)));

    assertThat(second.observations().get(0).merged()).isFalse();
    assertThat(count("damages")).isEqualTo(2);
  }

  @Test
  void aDifferentClassAtTheSamePlaceDoesNotMerge() {
    registerNew(analysis(MONDAY, observation("D40", 0, 0, 0.3, 2.0)));
    RegisteredCapture crack = registerNew(analysis(TUESDAY, observation("D00", 0, 0, 0.3, 2.0)));

    assertThat(crack.observations().get(0).merged()).isFalse();
    assertThat(count("damages")).isEqualTo(2);
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
}
