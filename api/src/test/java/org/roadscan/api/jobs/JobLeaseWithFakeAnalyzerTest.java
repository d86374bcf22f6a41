package org.roadscan.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.GatedAnalyzer;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * The service's side of job leases, with a held analysis: while it runs longer than its lease the
 * heartbeat keeps the job this process's (another replica's sweep finds nothing expired); once
 * another replica has taken the job over, this process's result is dropped: no capture, no
 * observation, the job still the other's.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JobLeaseWithFakeAnalyzerTest {

  private static final int LEASE_S = 3;

  @Test
  void theHeartbeatKeepsALongJobAndAResultUnderALostClaimIsDropped(@TempDir Path dataDir)
      throws InterruptedException {
    byte[] photo = TestImages.jpeg(3202);
    GatedAnalyzer analyzer = new GatedAnalyzer(new ScriptedCaptureAnalyzer().script(photo,
        TestCaptures.analysis(Instant.parse("2025-06-02T09:00:00Z"),
            TestCaptures.observation("D40", 0, 0, 0.3, 1.0))));
    String dbUrl = SharedPostgres.newDatabaseUrl();
    Vertx vertx = Vertx.vertx();
    try {
      RoadScanVerticle verticle = new RoadScanVerticle(TestService.config(dataDir, dbUrl,
          Map.of(AppConfig.WORKERS, "1", AppConfig.FEED_WORKERS, "0", AppConfig.JOB_LEASE_S,
              Integer.toString(LEASE_S))), c -> analyzer, TestCaptures.ACCEPT_ALL);
      Await.result(vertx.deployVerticle(verticle));
      WebClient client = TestService.client(vertx);
      Pool db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx)
          .build();
      PgJobQueue otherReplica = new PgJobQueue(db);

      HttpResponse<Buffer> accepted = Await.result(TestService.upload(client,
          verticle.actualPort(), "image", "p.jpg", photo));
      assertThat(accepted.statusCode()).isEqualTo(202);
      String jobUrl = accepted.getHeader("Location");
      UUID jobId = UUID.fromString(jobUrl.substring(jobUrl.lastIndexOf('/') + 1));
      analyzer.awaitEntered();

      // two leases long in the analysis: the heartbeat renewed it, nothing expired
      Await.result(vertx.timer(2L * LEASE_S * 1000));
      assertThat(Await.result(otherReplica.requeueExpired())).as("requeued by another replica")
          .isZero();
      Row claim = claim(db, jobId);
      assertThat(claim.getString("state")).isEqualTo("running");
      assertThat(new ClaimerId(claim.getString("claimed_by")).pid())
          .as("claimed by this process").isEqualTo(ProcessHandle.current().pid());
      assertThat(claim.getBoolean("live")).as("lease in the future").isTrue();

      // as if this process had lost the database past its lease: another replica took it over
      Await.result(db.preparedQuery("UPDATE jobs SET claimed_by = 'replica-b:1:00000000',"
          + " attempts = attempts + 1, lease_until = clock_timestamp() + interval '1 hour'"
          + " WHERE id = $1").execute(Tuple.of(jobId)));
      analyzer.release();
      awaitLostLease(vertx, client, verticle.actualPort());

      Row after = claim(db, jobId);
      assertThat(after.getString("state")).as("still the other replica's").isEqualTo("running");
      assertThat(after.getString("claimed_by")).isEqualTo("replica-b:1:00000000");
      Row register = Await.result(db.query("SELECT (SELECT count(*) FROM captures)::int AS c,"
          + " (SELECT count(*) FROM observations)::int AS o").execute()).iterator().next();
      assertThat(register.getInteger("c")).as("captures: the result was dropped").isZero();
      assertThat(register.getInteger("o")).as("observations").isZero();
    } finally {
      Await.result(vertx.close());
    }
  }

  private static Row claim(Pool db, UUID jobId) {
    return Await.result(db.preparedQuery("SELECT state, claimed_by,"
        + " lease_until > clock_timestamp() AS live FROM jobs WHERE id = $1")
        .execute(Tuple.of(jobId))).iterator().next();
  }

  /** Waits until the service counted a result dropped for a lost lease (its /metrics). */
  private static void awaitLostLease(Vertx vertx, WebClient client, int port) {
    for (int attempt = 0; attempt < 400; attempt++) {
      String metrics = Await.result(TestService.get(client, port, "/metrics")).bodyAsString();
      if (metrics.contains("roadscan_jobs_finished_total{outcome=\"lost-lease\"} 1.0")) {
        return;
      }
      Await.result(vertx.timer(25));
    }
    throw new AssertionError("no lost-lease result counted");
  }
}
