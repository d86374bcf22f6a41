package org.roadscan.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.Main;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.TestService;

/**
 * Issue #32: an operator's Prometheus sees what the service did. The whole service on real parts
 * (embedded PostgreSQL, the shipped model, a real photo uploaded over HTTP), then {@code GET
 * /metrics} read as Prometheus reads it, every number checked against what the API answered.
 */
class MetricsEndToEndTest {

  private static final Path SAMPLE = Path.of("..", "sample-images",
      "gelsenkirchen-bochumer-str-pothole.jpg");
  private static final Path MODEL = Path.of("..", "models", "roadscan-damage");
  private static final long TIMEOUT_MS = 180_000;
  /** One sample line: name{labels} value. */
  private static final Pattern SAMPLE_LINE = Pattern.compile("^([a-z_]+)(\\{.*\\})? (\\S+)$",
      Pattern.MULTILINE);

  private static Vertx vertx;
  private static WebClient client;
  private static int port;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    vertx = Vertx.vertx();
    AppConfig config = TestService.config(dataDir, null, Map.of(
        AppConfig.MODEL_DIR, MODEL.toString(), AppConfig.WORKERS, "1",
        AppConfig.FEED_WORKERS, "0"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, Main::loadAnalyzer,
        Main.captureValidator());
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    client = TestService.client(vertx);
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void afterAPhotoIsAnalysedMetricsShowTheRequestsTheJobItsDetectionsAndTheRegister()
      throws Exception {
    HttpResponse<Buffer> accepted = await(TestService.upload(client, port, "image",
        SAMPLE.getFileName().toString(), Files.readAllBytes(SAMPLE)));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String jobUrl = accepted.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0)
        .getString("url");
    JsonObject job = finish(jobUrl);
    assertThat(job.getString("state")).as(job.encode()).isEqualTo("done");
    JsonArray observations = job.getJsonArray("observations");
    assertThat(observations).isNotEmpty();
    Map<String, Integer> byClass = new TreeMap<>();
    Set<Long> damages = new HashSet<>();
    for (int i = 0; i < observations.size(); i++) {
      JsonObject observation = observations.getJsonObject(i);
      byClass.merge(observation.getString("class"), 1, Integer::sum);
      damages.add(observation.getLong("damageId"));
    }
    int gets = jobGets;
    assertThat(await(TestService.get(client, port, "/v1/no-such-thing")).statusCode())
        .isEqualTo(404);
    // any token is a valid HTTP method: a made-up one must not become a label of its own
    assertThat(await(client.request(HttpMethod.valueOf("MADEUPMETHOD"), port, "localhost",
        "/v1/repairs").send()).statusCode()).isBetween(400, 499);

    // the queue and register gauges are read from the database every 5 s: wait for that read
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (scrape().getOrDefault("roadscan_register_damages", 0.0) < damages.size()) {
      assertThat(System.currentTimeMillis()).as("register gauge read").isLessThan(deadline);
      await(vertx.timer(250));
    }
    Map<String, Double> metrics = scrape();

    assertThat(metrics).containsEntry("roadscan_register_damages", (double) damages.size())
        .containsEntry("roadscan_jobs_queued", 0.0)
        .containsEntry("roadscan_jobs_oldest_queued_age_seconds", 0.0)
        .containsEntry("roadscan_inference_seconds_count", 1.0)
        .containsEntry("roadscan_jobs_finished_total{outcome=\"done\"}", 1.0)
        .containsEntry("roadscan_http_requests_total{method=\"POST\",route=\"/v1/captures\","
            + "status=\"202\"}", 1.0)
        .containsEntry("roadscan_http_requests_total{method=\"GET\",route=\"/v1/jobs/{id}\","
            + "status=\"200\"}", (double) gets)
        .containsEntry("roadscan_http_requests_total{method=\"GET\",route=\"unmatched\","
            + "status=\"404\"}", 1.0);
    assertThat(metrics.get("roadscan_inference_seconds_sum")).isPositive();
    // the histogram's top bucket holds the one analysis
    assertThat(metrics).containsEntry("roadscan_inference_seconds_bucket{le=\"+Inf\"}", 1.0);
    byClass.forEach((className, count) -> assertThat(metrics)
        .containsEntry("roadscan_detections_total{class=\"" + className + "\",lane=\"jobs\"}",
            (double) count));
    // no raw path becomes a label: the job's id is in no series
    String id = jobUrl.substring(jobUrl.lastIndexOf('/') + 1);
    assertThat(metrics.keySet()).noneMatch(series -> series.contains(id));
    assertThat(metrics.keySet()).noneMatch(series -> series.contains("MADEUPMETHOD"))
        .anyMatch(series -> series.startsWith("roadscan_http_requests_total{method=\"OTHER\""));
  }

  @Test
  void metricsNeedAnAdminTokenUnlessConfiguredPublic() {
    HttpResponse<Buffer> anonymous = await(WebClient.create(vertx)
        .get(port, "localhost", "/metrics").send());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("Content-Type")).startsWith("application/problem+json");
    HttpResponse<Buffer> admin = await(TestService.get(client, port, "/metrics"));
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.getHeader("Content-Type")).isEqualTo(MetricsHandler.CONTENT_TYPE);
  }

  private static int jobGets;

  private static JsonObject finish(String url) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (true) {
      JsonObject job = await(TestService.get(client, port, url)).bodyAsJsonObject();
      jobGets++;
      String state = job.getString("state");
      if ("done".equals(state) || "failed".equals(state)) {
        return job;
      }
      assertThat(System.currentTimeMillis()).as(url + " still " + state).isLessThan(deadline);
      await(vertx.timer(100));
    }
  }

  /** The series of {@code GET /metrics}, keyed by name and labels as Prometheus writes them. */
  private static Map<String, Double> scrape() {
    HttpResponse<Buffer> response = await(TestService.get(client, port, "/metrics"));
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Double> series = new TreeMap<>();
    Matcher line = SAMPLE_LINE.matcher(response.bodyAsString());
    while (line.find()) {
      series.put(line.group(1) + (line.group(2) == null ? "" : line.group(2)),
          Double.parseDouble(line.group(3)));
    }
    return series;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_MS,
          TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
