package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.db.EmbeddedPostgresServer;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * Issue #26: the database goes away under a running service and comes back. Meanwhile uploads and
 * reads answer 503 {@code database-unavailable} problems with {@code Retry-After}, a refused
 * upload leaves no image file, {@code /health} says the database is down; afterwards the same
 * service serves again without a restart. The database is a real PostgreSQL stopped and started
 * with its own {@code pg_ctl}, on the same port.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DatabaseOutageWithFakeAnalyzerTest {

  private static final Instant TAKEN = Instant.parse("2025-06-02T09:00:00Z");

  @Test
  void uploadsAndReadsAnswer503WhileTheDatabaseIsDownAndServeAgainAfter(@TempDir Path dir)
      throws Exception {
    byte[] before = TestImages.jpeg(2601);
    byte[] during = TestImages.jpeg(2602);
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer()
        .script(before, TestCaptures.analysis(TAKEN, TestCaptures.observation("D40", 0, 0, 0.3,
            1.0)))
        .script(during, TestCaptures.analysis(TAKEN.plusSeconds(60),
            TestCaptures.observation("D40", 50, 0, 0.3, 1.0)));
    Path pgDir = dir.resolve("pg");
    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(pgDir, false);
    Path pgCtl = pg.binDir().resolve("pg_ctl");
    Vertx vertx = Vertx.vertx();
    try {
      AppConfig config = TestService.config(dir.resolve("data"), pg.url("postgres"), Map.of(AppConfig.WORKERS, "1"));
      RoadScanVerticle verticle = new RoadScanVerticle(config, c -> analyzer,
          TestCaptures.ACCEPT_ALL);
      Await.result(vertx.deployVerticle(verticle));
      int port = verticle.actualPort();
      WebClient client = TestService.client(vertx);
      HttpResponse<Buffer> accepted = Await.result(TestService.upload(client, port, "image",
          "before.jpg", before));
      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(Await.result(TestService.finishedJob(vertx, client, port,
          accepted.getHeader("Location"))).getString("state")).isEqualTo("done");
      List<Path> imagesBefore = files(config.imageDir());

      pgCtl(pgCtl, "stop", "-D", pgDir.toString(), "-m", "fast", "-w");

      HttpResponse<Buffer> upload = Await.result(TestService.upload(client, port, "image",
          "during.jpg", during));
      assertDatabaseUnavailable(upload);
      assertThat(files(config.imageDir())).as("no image left without a job")
          .isEqualTo(imagesBefore);
      assertDatabaseUnavailable(Await.result(TestService.get(client, port, "/v1/repairs")));
      assertDatabaseUnavailable(Await.result(TestService.get(client, port,
          accepted.getHeader("Location"))));
      HttpResponse<Buffer> health = Await.result(TestService.get(client, port, "/health"));
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.getHeader("Retry-After")).isNotBlank();
      assertThat(health.bodyAsJsonObject().getString("database")).isEqualTo("DOWN");

      pgCtl(pgCtl, "start", "-D", pgDir.toString(), "-w", "-t", "60",
          "-l", dir.resolve("pg-restart.log").toString(), "-o", "-p " + pg.port());

      long deadline = System.currentTimeMillis() + 30_000;
      while (Await.result(TestService.get(client, port, "/health")).statusCode() != 200) {
        assertThat(System.currentTimeMillis()).as("healthy again").isLessThan(deadline);
        Await.result(vertx.timer(100));
      }
      HttpResponse<Buffer> again = Await.result(TestService.upload(client, port, "image",
          "during.jpg", during));
      assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(202);
      JsonObject job = Await.result(TestService.finishedJob(vertx, client, port,
          again.getHeader("Location")));
      assertThat(job.getString("state")).isEqualTo("done");
      HttpResponse<Buffer> repairs = Await.result(TestService.get(client, port, "/v1/repairs"));
      assertThat(repairs.statusCode()).isEqualTo(200);
      assertThat(repairs.bodyAsJsonObject().getJsonArray("repairs")).hasSize(2);
    } finally {
      Await.result(vertx.close());
      pg.close();
    }
  }

  private static void assertDatabaseUnavailable(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.getHeader("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo(ProblemType.DATABASE_UNAVAILABLE.uri());
    assertThat(problem.getString("detail")).contains("database");
  }

  private static List<Path> files(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void pgCtl(Path pgCtl, String... args) throws Exception {
    // pg_ctl refuses to run as root; zonky runs its binaries in a user namespace then, and so here.
    List<String> command = new java.util.ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(pgCtl.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("pg_ctl %s: %s", args[0], output).isZero();
  }
}
