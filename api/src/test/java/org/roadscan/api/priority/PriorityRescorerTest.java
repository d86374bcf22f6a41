package org.roadscan.api.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.roadscan.api.testing.TestCaptures.analysis;
import static org.roadscan.api.testing.TestCaptures.observation;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.register.PgDamageRegister;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;

/**
 * A register scored without layers, rescored after a road layer is configured: every damage's
 * road part, score and grade follow the new policy, and an unchanged policy rescores nothing.
 */
class PriorityRescorerTest {

  private static final Instant SEEN = Instant.parse("2026-06-01T08:00:00Z");

  private Vertx vertx;
  private Pool pool;
  private WorkerExecutor executor;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = SharedPostgres.newMigratedPool(vertx);
    executor = vertx.createSharedWorkerExecutor("rescore-test", 1);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void aNewRoadLayerRescoresEveryDamageOnceAndAnUnchangedPolicyNothing() throws Exception {
    PgDamageRegister register = new PgDamageRegister(new PriorityPolicy());
    // 1,200 damages (more than two batches), 10 m apart along the test layer's primary road.
    for (int i = 0; i < 1200; i += 100) {
      List<org.roadscan.detector.Observation> observations = new ArrayList<>();
      for (int j = i; j < i + 100; j++) {
        observations.add(observation("D40", 10.0 * j - 6000, 0, 1.0, 0.5));
      }
      Await.result(register.register(pool, "%064x".formatted(i + 1),
          analysis(SEEN, observations.toArray(org.roadscan.detector.Observation[]::new))));
    }
    PriorityPolicy withRoads = new PriorityPolicy(PriorityWeights.DEFAULTS,
        MapLayer.read(Path.of("src/test/resources/layers/roads.geojson")), null);
    PriorityRescorer rescorer = new PriorityRescorer(pool, executor, withRoads, "roads-v1");

    int first = Await.result(rescorer.rescoreIfPolicyChanged());
    int second = Await.result(rescorer.rescoreIfPolicyChanged());

    assertThat(first).isEqualTo(1200);
    assertThat(second).isZero();
    Row onRoad = Await.result(pool.query("SELECT * FROM damages WHERE lon BETWEEN 7.0985 AND"
        + " 7.0987 ORDER BY id LIMIT 1").execute()).iterator().next();
    JsonObject parts = (JsonObject) onRoad.getValue("priority_parts");
    assertThat(parts.getJsonObject("road").getDouble("value")).isEqualTo(1.0);
    assertThat(parts.getJsonObject("road").getString("why")).contains("Bochumer Straße");
    Row offRoad = Await.result(pool.query("SELECT * FROM damages WHERE lon > 7.12 LIMIT 1")
        .execute()).iterator().next();
    assertThat(((JsonObject) offRoad.getValue("priority_parts")).getJsonObject("road")
        .getDouble("value")).isEqualTo(PriorityPolicy.UNKNOWN_ROAD);
    assertThat(onRoad.getDouble("priority_score")).isGreaterThan(offRoad.getDouble("priority_score"));
    // issue #25: with a road layer, a damage far from every road is kept but judged off-road
    assertThat((JsonArray) onRoad.getValue("implausible")).isEmpty();
    JsonArray reasons = (JsonArray) offRoad.getValue("implausible");
    assertThat(reasons).hasSize(1);
    assertThat(reasons.getJsonObject(0).getString("reason")).isEqualTo(Implausibility.OFF_ROAD);
    assertThat(reasons.getJsonObject(0).getString("detail")).contains("no road of roads.geojson");
    assertThat(Await.result(pool.query("SELECT value FROM register_settings WHERE key ="
        + " 'priority.fingerprint'").execute()).iterator().next().getString("value"))
        .isEqualTo("roads-v1");
  }
}
