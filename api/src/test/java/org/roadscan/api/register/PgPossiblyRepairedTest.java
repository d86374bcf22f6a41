package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.roadscan.api.testing.TestCaptures.analysis;
import static org.roadscan.api.testing.TestCaptures.latNorth;
import static org.roadscan.api.testing.TestCaptures.lonEast;
import static org.roadscan.api.testing.TestCaptures.observation;

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
import org.locationtech.jts.geom.Polygon;
import org.roadscan.api.priority.PriorityPolicy;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.geo.GeoPoint;
import org.roadscan.detector.geo.Wgs84;

/**
 * Damages a later capture covered without seeing them are flagged possibly repaired ({@link
 * CoverageFlagger}); real PostgreSQL, coverage polygons built by hand.
 */
class PgPossiblyRepairedTest {

  private static final Instant MONDAY = Instant.parse("2025-06-02T09:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2025-06-03T09:00:00Z");
  private static final Instant WEDNESDAY = Instant.parse("2025-06-04T09:00:00Z");

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

  /** An axis-parallel square, west..east and south..north metres from the origin. */
  private static Polygon square(double westM, double southM, double eastM, double northM) {
    return Wgs84.polygon(List.of(new GeoPoint(lonEast(westM), latNorth(southM)),
        new GeoPoint(lonEast(eastM), latNorth(southM)),
        new GeoPoint(lonEast(eastM), latNorth(northM)),
        new GeoPoint(lonEast(westM), latNorth(northM))));
  }

  private RegisteredCapture registerNew(CaptureAnalysis analysis, Polygon coverage) {
    return Await.result(register.register(pool, "%064x".formatted(++captures),
        new CaptureAnalysis(analysis.metadata(), analysis.observations(), analysis.unplaced(),
            analysis.projection(), analysis.basis(), coverage)));
  }

  private long createdAt(double eastM, double northM) {
    return registerNew(analysis(MONDAY, observation("D40", eastM, northM, 1.0, 0.5)), null)
        .observations().get(0).damageId();
  }

  private Row damage(long id) {
    return Await.result(pool.preparedQuery("SELECT * FROM damages WHERE id = $1")
        .execute(Tuple.of(id))).iterator().next();
  }

  private List<String> events(long id) {
    List<String> kinds = new ArrayList<>();
    Await.result(pool.preparedQuery("SELECT kind FROM damage_events WHERE damage_id = $1"
        + " ORDER BY id").execute(Tuple.of(id))).forEach(row -> kinds.add(row.getString("kind")));
    return kinds;
  }

  @Test
  void aLaterCaptureCoveringTheDamageWithoutSeeingItFlagsIt() {
    long inside = createdAt(0, 0);
    long outside = createdAt(30, 0);

    RegisteredCapture later = registerNew(analysis(TUESDAY), square(-10, -10, 10, 10));

    assertThat(later.flaggedDamageIds()).containsExactly(inside);
    Row flagged = damage(inside);
    assertThat(flagged.getBoolean("possibly_repaired")).isTrue();
    assertThat(flagged.getOffsetDateTime("possibly_repaired_since").toInstant())
        .isEqualTo(TUESDAY);
    assertThat(flagged.getInteger("version")).isEqualTo(2);
    assertThat(events(inside)).containsExactly("created", "flagged");
    JsonObject detail = (JsonObject) Await.result(pool.query(
        "SELECT detail FROM damage_events WHERE kind = 'flagged'").execute())
        .iterator().next().getValue("detail");
    assertThat(detail.getLong("captureId")).isEqualTo(later.captureId());
    assertThat(damage(outside).getBoolean("possibly_repaired")).isFalse();
    assertThat(Await.result(pool.query("SELECT coverage FROM captures WHERE id = "
        + later.captureId()).execute()).iterator().next().getValue("coverage"))
        .isInstanceOf(JsonObject.class);
  }

  @Test
  void insideTheBoundingBoxButOutsideThePolygonIsNotFlagged() {
    long corner = createdAt(8, 8);
    Polygon triangle = Wgs84.polygon(List.of(new GeoPoint(lonEast(-10), latNorth(-10)),
        new GeoPoint(lonEast(10), latNorth(-10)), new GeoPoint(lonEast(-10), latNorth(10))));

    RegisteredCapture later = registerNew(analysis(TUESDAY), triangle);

    assertThat(later.flaggedDamageIds()).isEmpty();
    assertThat(damage(corner).getBoolean("possibly_repaired")).isFalse();
  }

  @Test
  void anOlderCaptureOrOneThatSawTheDamageFlagsNothing() {
    long damageId = createdAt(0, 0);

    RegisteredCapture older = registerNew(analysis(Instant.parse("2025-05-01T09:00:00Z")),
        square(-10, -10, 10, 10));
    RegisteredCapture seeing = registerNew(analysis(TUESDAY,
        observation("D40", 0.2, 0, 1.0, 0.5)), square(-10, -10, 10, 10));

    assertThat(older.flaggedDamageIds()).isEmpty();
    assertThat(seeing.flaggedDamageIds()).isEmpty();
    assertThat(seeing.observations().get(0).damageId()).isEqualTo(damageId);
    assertThat(damage(damageId).getBoolean("possibly_repaired")).isFalse();
  }

  @Test
  void withoutCoverageNothingIsFlagged() {
    long damageId = createdAt(0, 0);

    RegisteredCapture later = registerNew(analysis(TUESDAY), null);

    assertThat(later.flaggedDamageIds()).isEmpty();
    assertThat(damage(damageId).getBoolean("possibly_repaired")).isFalse();
  }

  @Test
  void aLaterObservationClearsTheFlagAndNothingIsEverDeleted() {
    long damageId = createdAt(0, 0);
    registerNew(analysis(TUESDAY), square(-10, -10, 10, 10));
    RegisteredCapture again = registerNew(analysis(TUESDAY), square(-10, -10, 10, 10));

    RegisteredCapture seenAgain = registerNew(analysis(WEDNESDAY,
        observation("D40", 0.1, 0, 1.2, 0.5)), square(-10, -10, 10, 10));

    assertThat(again.flaggedDamageIds()).as("already flagged").isEmpty();
    assertThat(seenAgain.observations().get(0).damageId()).isEqualTo(damageId);
    Row damage = damage(damageId);
    assertThat(damage.getBoolean("possibly_repaired")).isFalse();
    assertThat(damage.getValue("possibly_repaired_since")).isNull();
    assertThat(damage.getInteger("observation_count")).isEqualTo(2);
    assertThat(events(damageId)).containsExactly("created", "flagged", "merged", "unflagged");
  }

  @Test
  void rejectedOrRepairedDamagesAreNotFlagged() {
    long rejected = createdAt(0, 0);
    long repaired = createdAt(5, 0);
    Await.result(pool.preparedQuery("UPDATE damages SET status = 'rejected' WHERE id = $1")
        .execute(Tuple.of(rejected)));
    Await.result(pool.preparedQuery("UPDATE damages SET status = 'repaired' WHERE id = $1")
        .execute(Tuple.of(repaired)));

    RegisteredCapture later = registerNew(analysis(TUESDAY), square(-10, -10, 10, 10));

    assertThat(later.flaggedDamageIds()).isEmpty();
  }
}
