package org.roadscan.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.ModelInfo;
import org.roadscan.detector.geo.CaptureContext;

/**
 * Issue #30, the inference watchdog: with one worker and a budget of 1 s, an analysis that stops
 * when interrupted (as the detector does before each model pass) fails its job with {@code
 * analysis-timeout} and frees the worker for the next job; one that ignores the interrupt (a model
 * pass that never returns) fails its job after the grace all the same, and its late result, when
 * it finally comes, is discarded: nothing of it reaches the register.
 */
class InferenceBudgetWithFakeAnalyzerTest {

  private static final byte[] COOPERATIVE = TestImages.jpeg(701);
  private static final byte[] STUBBORN = TestImages.jpeg(702);
  private static final Instant TAKEN = Instant.parse("2025-07-01T08:00:00Z");
  private static final CountDownLatch STUBBORN_MAY_RETURN = new CountDownLatch(1);

  @TempDir
  static Path dataDir;
  private static Vertx vertx;
  private static WebClient client;
  private static int port;

  /** Never returns by itself for the two slow images; answers the others at once. */
  private static final class SlowAnalyzer implements CaptureAnalyzer {
    private final ScriptedCaptureAnalyzer answers = new ScriptedCaptureAnalyzer()
        .script(STUBBORN, TestCaptures.analysis(TAKEN,
            TestCaptures.observation("D40", 10, 10, 0.5, 1.0)));

    @Override
    public CaptureAnalysis analyze(byte[] imageBytes, CaptureContext context)
        throws CaptureException {
      if (ScriptedCaptureAnalyzer.isImage(imageBytes, COOPERATIVE)) {
        try {
          new CountDownLatch(1).await(); // until interrupted, like a detector between passes
        } catch (InterruptedException e) {
          throw new CancellationException("interrupted");
        }
      }
      if (ScriptedCaptureAnalyzer.isImage(imageBytes, STUBBORN)) {
        boolean interrupted = false;
        while (true) { // a model pass: deaf to interrupts
          try {
            STUBBORN_MAY_RETURN.await();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      return answers.analyze(imageBytes, context);
    }

    @Override
    public ModelInfo modelInfo() {
      return answers.modelInfo();
    }

    @Override
    public void close() {
      STUBBORN_MAY_RETURN.countDown();
    }
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    client = TestService.client(vertx);
    AppConfig config = TestService.config(dataDir, SharedPostgres.newDatabaseUrl(), Map.of(
        AppConfig.WORKERS, "1", AppConfig.INFERENCE_BUDGET_S, "1"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> new SlowAnalyzer(),
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
  }

  @AfterAll
  static void stop() {
    STUBBORN_MAY_RETURN.countDown();
    Await.result(vertx.close());
  }

  private static JsonObject analysed(String fileName, byte[] jpeg) {
    HttpResponse<Buffer> accepted = Await.result(TestService.upload(client, port, "image",
        fileName, jpeg));
    assertThat(accepted.statusCode()).isEqualTo(202);
    return Await.result(TestService.finishedJob(vertx, client, port,
        accepted.getHeader("Location")));
  }

  private static void assertTimedOut(JsonObject job) {
    assertThat(job.getString("state")).isEqualTo("failed");
    JsonObject error = job.getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo(ProblemType.ANALYSIS_TIMEOUT.uri());
    assertThat(error.getString("detail")).contains("budget of 1 s");
    assertThat(error.getLong("budgetS")).isEqualTo(1);
  }

  @Test
  void jobsOverTheirBudgetFailWithAReasonAndTheWorkerGoesOn() {
    // stops when interrupted: failed at the budget, and the one worker is free at once
    assertTimedOut(analysed("cooperative.jpg", COOPERATIVE));
    assertThat(analysed("next.jpg", TestImages.jpeg(703)).getString("state")).isEqualTo("done");

    // deaf to the interrupt: failed after the grace; its thread comes back when the pass ends
    String registerBefore = Await.result(TestService.get(client, port, "/v1/damages.geojson"))
        .bodyAsString();
    JsonObject stubborn = analysed("stubborn.jpg", STUBBORN);
    assertTimedOut(stubborn);
    STUBBORN_MAY_RETURN.countDown();
    assertThat(analysed("after.jpg", TestImages.jpeg(704)).getString("state")).isEqualTo("done");
    // the late result (one D40) was discarded: the job stays failed, the register unchanged
    assertTimedOut(Await.result(TestService.finishedJob(vertx, client, port,
        "/v1/jobs/" + stubborn.getString("id"))));
    assertThat(Await.result(TestService.get(client, port, "/v1/damages.geojson"))
        .bodyAsString()).isEqualTo(registerBefore);
  }
}
