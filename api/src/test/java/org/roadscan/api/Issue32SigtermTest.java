package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.AuthConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ChildJvm;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * Issue #32: SIGTERM, as the kubelet sends it when a pod stops, is honoured. The real service
 * (the shipped model, its own JVM) is analysing a survey's frames when it gets SIGTERM: it exits
 * through its shutdown hook (exit code 143, not a kill), and it leaves no job {@code running}: the
 * analysis in flight finished and was registered, the jobs not started stay queued for the other
 * pods, none was started twice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class Issue32SigtermTest {

  private static final Path FRAME = Path.of("..", "sample-images",
      "caliterra-aerial-nadir-djixmp.jpg");
  private static final Path MODEL = Path.of("..", "models", "roadscan-damage");
  private static final int FRAMES = 3;
  private static final long HEALTH_TIMEOUT_MS = 120_000;
  private static final long POLL_MS = 50;
  /** Longer than the service's own bound on its stop (60 s). */
  private static final long STOP_TIMEOUT_S = 90;

  @Test
  void sigtermLetsTheRunningAnalysisFinishAndLeavesTheRestQueued(@TempDir Path dir)
      throws IOException {
    String dbUrl = SharedPostgres.newDatabaseUrl();
    int port = ChildJvm.freePort();
    Path log = dir.resolve("service.log");
    Vertx vertx = Vertx.vertx();
    try (ChildJvm service = ChildJvm.start(Main.class, properties(dir, dbUrl, port), log)) {
      WebClient client = TestService.client(vertx);
      awaitReady(vertx, client, port, log);

      byte[] frame = Files.readAllBytes(FRAME);
      MultipartForm survey = MultipartForm.create();
      for (int copy = 0; copy < FRAMES; copy++) {
        survey.binaryFileUpload("image", "frame-" + copy + ".jpg",
            Buffer.buffer(TestImages.withMarker(frame, "issue32:" + copy)), "image/jpeg");
      }
      HttpResponse<Buffer> accepted = Await.result(client.post(port, "localhost", "/v1/captures")
          .sendMultipartForm(survey));
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      JsonArray jobs = accepted.bodyAsJsonObject().getJsonArray("jobs");
      awaitAnyRunning(vertx, client, port, jobs.getJsonObject(0).getString("url"), log);

      service.stop(STOP_TIMEOUT_S);
      assertThat(service.isAlive()).isFalse();
      assertThat(service.exitCode()).as("stopped by its shutdown hook, not killed; log:%n%s",
          tail(log)).isEqualTo(143);

      Map<String, Integer> states = jobStates(vertx, dbUrl);
      assertThat(states).as("jobs by state").doesNotContainKey("running");
      assertThat(states.getOrDefault("done", 0)).as("the analysis in flight finished")
          .isGreaterThanOrEqualTo(1);
      assertThat(states.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FRAMES);
      assertThat(maxAttempts(vertx, dbUrl)).as("no job was started twice").isEqualTo(1);
    } finally {
      Await.result(vertx.close());
    }
  }

  private static Map<String, String> properties(Path dir, String dbUrl, int port) {
    Map<String, String> properties = new HashMap<>();
    properties.put(key(AppConfig.HTTP_PORT), Integer.toString(port));
    properties.put(key(AppConfig.DATA_DIR), dir.resolve("data").toString());
    properties.put(key(AppConfig.DB_URL), dbUrl);
    properties.put(key(AppConfig.MODEL_DIR), MODEL.toAbsolutePath().toString());
    properties.put(key(AppConfig.PRIVACY_MODELS), TestService.PRIVACY_MODELS.toString());
    properties.put(key(AppConfig.WORKERS), "1");
    properties.put(key(AppConfig.FEED_WORKERS), "0");
    properties.put(key(AuthConfig.ADMIN_TOKEN), TestService.ADMIN_TOKEN);
    return properties;
  }

  private static void awaitReady(Vertx vertx, WebClient client, int port, Path log) {
    long deadline = System.currentTimeMillis() + HEALTH_TIMEOUT_MS;
    while (true) {
      HttpResponse<Buffer> ready = Await.result(TestService.get(client, port, "/health/ready")
          .otherwise((HttpResponse<Buffer>) null));
      if (ready != null && ready.statusCode() == 200) {
        return;
      }
      assertThat(System.currentTimeMillis()).as("ready within %d ms; log:%n%s",
          HEALTH_TIMEOUT_MS, tail(log)).isLessThan(deadline);
      Await.result(vertx.timer(200));
    }
  }

  /** Waits until the first job runs (one worker: the others wait behind it). */
  private static void awaitAnyRunning(Vertx vertx, WebClient client, int port, String jobUrl,
      Path log) {
    long deadline = System.currentTimeMillis() + HEALTH_TIMEOUT_MS;
    while (true) {
      String state = Await.result(TestService.get(client, port, jobUrl)).bodyAsJsonObject()
          .getString("state");
      if (!"queued".equals(state)) {
        return;
      }
      assertThat(System.currentTimeMillis()).as("a job started; log:%n%s", tail(log))
          .isLessThan(deadline);
      Await.result(vertx.timer(POLL_MS));
    }
  }

  private static Map<String, Integer> jobStates(Vertx vertx, String dbUrl) {
    Pool pool = pool(vertx, dbUrl);
    try {
      Map<String, Integer> states = new HashMap<>();
      for (Row row : Await.result(pool.query(
          "SELECT state, count(*)::int AS n FROM jobs GROUP BY state").execute())) {
        states.put(row.getString("state"), row.getInteger("n"));
      }
      return states;
    } finally {
      Await.result(pool.close());
    }
  }

  private static int maxAttempts(Vertx vertx, String dbUrl) {
    Pool pool = pool(vertx, dbUrl);
    try {
      return Await.result(pool.query("SELECT max(attempts)::int AS m FROM jobs").execute())
          .iterator().next().getInteger("m");
    } finally {
      Await.result(pool.close());
    }
  }

  private static Pool pool(Vertx vertx, String dbUrl) {
    return PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx).build();
  }


  private static String key(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '.');
  }


  private static String tail(Path log) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(log));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
