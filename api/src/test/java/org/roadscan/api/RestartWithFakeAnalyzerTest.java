package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/** Service life cycle: embedded database across restarts, durable jobs, health while loading. */
@ExtendWith(VertxExtension.class)
class RestartWithFakeAnalyzerTest {

  @Test
  void anAcceptedJobSurvivesARestartAndCompletes(Vertx vertx, VertxTestContext tc,
      @TempDir Path dataDir) {
    byte[] photo = TestImages.jpeg(300);
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer().script(photo,
        TestCaptures.analysis(Instant.parse("2025-06-02T09:00:00Z"),
            TestCaptures.observation("D40", 0, 0, 0.3, 1.0)));
    // Embedded PostgreSQL in dataDir/pg. The first instance only accepts (no workers), so the job
    // is still queued when it stops; the second instance, on the same data, analyses it.
    AppConfig acceptOnly = TestService.config(dataDir, null, Map.of(AppConfig.WORKERS, "0"));
    AppConfig working = TestService.config(dataDir, null, Map.of(AppConfig.WORKERS, "1"));
    RoadScanVerticle first = new RoadScanVerticle(acceptOnly, c -> analyzer, TestCaptures.ACCEPT_ALL);
    RoadScanVerticle second = new RoadScanVerticle(working, c -> analyzer, TestCaptures.ACCEPT_ALL);
    WebClient client = TestService.client(vertx);
    String[] jobUrl = new String[1];

    vertx.deployVerticle(first)
        .compose(id -> TestService.upload(client, first.actualPort(), "image", "p.jpg", photo)
            .compose(accepted -> {
              jobUrl[0] = accepted.getHeader("Location");
              return TestService.get(client, first.actualPort(), jobUrl[0]);
            })
            .compose(queued -> {
              assertThat(queued.bodyAsJsonObject().getString("state")).isEqualTo("queued");
              return vertx.undeploy(id);
            }))
        .compose(stopped -> vertx.deployVerticle(second))
        .compose(id -> TestService.finishedJob(vertx, client, second.actualPort(), jobUrl[0])
            .compose(job -> {
              assertThat(job.getString("state")).isEqualTo("done");
              assertThat(job.getJsonArray("observations")).hasSize(1);
              return vertx.undeploy(id);
            }))
        .map(stopped -> {
          assertThat(analyzer.closed()).isTrue();
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void healthIs503UntilTheModelIsLoaded(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    AppConfig config = TestService.config(dataDir, SharedPostgres.newDatabaseUrl(), Map.of());
    // The loader blocks its worker thread (not an event loop) until the test lets it finish.
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> {
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test never released the model");
      }
      return analyzer;
    }, TestCaptures.ACCEPT_ALL);
    WebClient client = TestService.client(vertx);

    Future<String> deployed = vertx.deployVerticle(verticle);
    listening(vertx, verticle, 400)
        .compose(port -> TestService.get(client, port, "/health"))
        .compose(loading -> {
          assertThat(loading.statusCode()).isEqualTo(503);
          assertThat(loading.getHeader("Content-Type")).isEqualTo("application/problem+json");
          JsonObject problem = loading.bodyAsJsonObject();
          assertThat(problem.getString("type")).isEqualTo(ProblemType.UNAVAILABLE.uri());
          assertThat(problem.getString("model")).isEqualTo("LOADING");
          assertThat(problem.getString("database")).isEqualTo("UP");
          release.countDown();
          return deployed;
        })
        .compose(id -> TestService.get(client, verticle.actualPort(), "/health"))
        .map(ready -> {
          assertThat(ready.statusCode()).isEqualTo(200);
          assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  /** The verticle's port once its server listens, checked on Vert.x timers (bounded). */
  private static Future<Integer> listening(Vertx vertx, RoadScanVerticle verticle, int attempts) {
    if (verticle.actualPort() > 0) {
      return Future.succeededFuture(verticle.actualPort());
    }
    if (attempts == 0) {
      return Future.failedFuture(new AssertionError("server never listened"));
    }
    Promise<Integer> promise = Promise.promise();
    vertx.setTimer(25, id -> listening(vertx, verticle, attempts - 1).onComplete(promise));
    return promise.future();
  }
}
