package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.GatedAnalyzer;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * The Kubernetes probes (issue #32) over HTTP: {@code /health/live} answers while the service
 * runs and while it stops; {@code /health/ready} answers 200 when it is ready and 503 {@code
 * unavailable} with {@code draining} once it stops (what SIGTERM does through {@code Main}'s
 * shutdown hook), while a running job finishes before the server goes down.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HealthProbesWithFakeAnalyzerTest {

  private static final long POLL_MS = 25;
  private static final int POLL_ATTEMPTS = 400;

  @Test
  void readyTurns503WhileStoppingAndTheRunningJobFinishes(@TempDir Path dataDir)
      throws InterruptedException {
    byte[] photo = TestImages.jpeg(3201);
    GatedAnalyzer analyzer = new GatedAnalyzer(new ScriptedCaptureAnalyzer().script(photo,
        TestCaptures.analysis(Instant.parse("2025-06-02T09:00:00Z"),
            TestCaptures.observation("D40", 0, 0, 0.3, 1.0))));
    String dbUrl = SharedPostgres.newDatabaseUrl();
    Vertx vertx = Vertx.vertx();
    try {
      RoadScanVerticle verticle = new RoadScanVerticle(TestService.config(dataDir.resolve("a"),
          dbUrl, Map.of(AppConfig.WORKERS, "1")), c -> analyzer, TestCaptures.ACCEPT_ALL);
      String id = Await.result(vertx.deployVerticle(verticle));
      int port = verticle.actualPort();
      // the probes carry no token: they are public, as the kubelet sends none
      WebClient probe = WebClient.create(vertx);

      HttpResponse<Buffer> live = get(probe, port, "/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
      HttpResponse<Buffer> ready = get(probe, port, "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getString("database")).isEqualTo("UP");
      assertThat(ready.bodyAsJsonObject().getString("modelStatus")).isEqualTo("READY");

      WebClient client = TestService.client(vertx);
      HttpResponse<Buffer> accepted = Await.result(TestService.upload(client, port, "image",
          "p.jpg", photo));
      assertThat(accepted.statusCode()).isEqualTo(202);
      String jobUrl = accepted.getHeader("Location");
      analyzer.awaitEntered();

      Future<Void> undeployed = vertx.undeploy(id);
      HttpResponse<Buffer> draining = firstNot200(vertx, probe, port, "/health/ready");
      assertThat(draining.statusCode()).isEqualTo(503);
      assertThat(draining.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(draining.getHeader("Retry-After")).isNotBlank();
      JsonObject problem = draining.bodyAsJsonObject();
      assertThat(problem.getString("type")).isEqualTo(ProblemType.UNAVAILABLE.uri());
      assertThat(problem.getBoolean("draining")).isTrue();
      assertThat(get(probe, port, "/health").statusCode()).isEqualTo(503);
      assertThat(get(probe, port, "/health/live").statusCode()).as("still alive while draining")
          .isEqualTo(200);
      assertThat(undeployed.isComplete()).as("stop waits for the running job").isFalse();

      analyzer.release();
      Await.result(undeployed);

      // A later instance on the same database finds the job done, not requeued.
      RoadScanVerticle after = new RoadScanVerticle(TestService.config(dataDir.resolve("b"),
          dbUrl, Map.of(AppConfig.WORKERS, "0")), c -> analyzer, TestCaptures.ACCEPT_ALL);
      Await.result(vertx.deployVerticle(after));
      JsonObject job = get(client, after.actualPort(), jobUrl).bodyAsJsonObject();
      assertThat(job.getString("state")).isEqualTo("done");
      assertThat(job.getJsonArray("observations")).hasSize(1);
    } finally {
      Await.result(vertx.close());
    }
  }

  private static HttpResponse<Buffer> get(WebClient client, int port, String path) {
    return Await.result(TestService.get(client, port, path));
  }

  /** GETs {@code path} until it answers other than 200 (bounded, on Vert.x timers). */
  private static HttpResponse<Buffer> firstNot200(Vertx vertx, WebClient client, int port,
      String path) {
    for (int attempt = 0; attempt < POLL_ATTEMPTS; attempt++) {
      HttpResponse<Buffer> response = get(client, port, path);
      if (response.statusCode() != 200) {
        return response;
      }
      Await.result(vertx.timer(POLL_MS));
    }
    throw new AssertionError(path + " stayed 200 while the service stopped");
  }
}
