package org.roadscan.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.metrics.ServiceMetrics;
import org.roadscan.api.priority.PriorityPolicy;
import org.roadscan.api.register.PgDamageRegister;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.FakeAnonymiser;
import org.roadscan.api.testing.GatedAnalyzer;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;

/**
 * A graceful stop whose running analysis does not finish in time releases the job: it is queued
 * again at once (its attempt counted), not left to its lease, and when the analysis ends later its
 * result is dropped, since the claim is no longer this process's.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JobWorkersReleaseWithFakeAnalyzerTest {

  private static final ClaimerId ME = new ClaimerId("replica-a:100:0000000a");

  @Test
  void aStopThatTimesOutReleasesTheRunningJobAndDropsItsLateResult(@TempDir Path dir)
      throws Exception {
    byte[] photo = TestImages.jpeg(3203);
    GatedAnalyzer analyzer = new GatedAnalyzer(new ScriptedCaptureAnalyzer().script(photo,
        TestCaptures.analysis(Instant.parse("2025-06-02T09:00:00Z"),
            TestCaptures.observation("D40", 0, 0, 0.3, 1.0))));
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = SharedPostgres.newMigratedPool(vertx);
      PgJobQueue queue = new PgJobQueue(pool);
      ImageStore images = new ImageStore(dir.resolve("images"),
          FakeAnonymiser.PASS_THROUGH);
      String sha256 = images.put(photo);
      Job job = Await.result(queue.enqueue(List.of(new NewJob(sha256, "p.jpg")))).get(0);
      WorkerExecutor inference = vertx.createSharedWorkerExecutor("test-inference", 1);
      ServiceMetrics metrics = new ServiceMetrics();
      Context context = vertx.getOrCreateContext();
      // confined to one event loop, as in the service
      JobWorkers workers = on(context, () -> {
        JobWorkers created = new JobWorkers(vertx, new JobWorkers.Services(pool, queue,
            new PgDamageRegister(new PriorityPolicy()), images, analyzer, inference, metrics), 1,
            JobWorkers.DEFAULT_BUDGET_MS, new JobLease(ME, 30_000));
        created.start();
        return created;
      });
      analyzer.awaitEntered();

      Future<Void> stopped = on(context, () -> workers.stop(200));
      Await.result(stopped);

      Row released = row(pool, job);
      assertThat(released.getString("state")).as("back in the queue at once").isEqualTo("queued");
      assertThat(released.getInteger("attempts")).isEqualTo(1);
      assertThat(metrics.scrape()).contains("roadscan_jobs_requeued_total{reason=\"released\"} 1.0");

      analyzer.release();
      for (int i = 0; i < 400 && !metrics.scrape().contains("outcome=\"lost-lease\"} 1.0"); i++) {
        Await.result(vertx.timer(25));
      }
      assertThat(metrics.scrape()).as("the late result dropped")
          .contains("roadscan_jobs_finished_total{outcome=\"lost-lease\"} 1.0");
      assertThat(row(pool, job).getString("state")).isEqualTo("queued");
      assertThat(Await.result(pool.query("SELECT count(*)::int AS n FROM captures").execute())
          .iterator().next().getInteger("n")).as("no capture registered").isZero();
    } finally {
      Await.result(vertx.close());
    }
  }

  private static Row row(Pool pool, Job job) {
    return Await.result(pool.preparedQuery("SELECT state, attempts FROM jobs WHERE id = $1")
        .execute(Tuple.of(job.id()))).iterator().next();
  }

  /** Runs {@code action} on {@code context}'s event loop and waits for its result. */
  private static <T> T on(Context context, Callable<T> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.fail(e);
      }
    });
    return Await.result(result.future());
  }
}
