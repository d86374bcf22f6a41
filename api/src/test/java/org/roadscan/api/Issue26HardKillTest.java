package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.AuthConfig;
import org.roadscan.api.testing.ChildJvm;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * Issue #26: SIGKILL of the service's JVM in the middle of a survey (what the OOM killer does),
 * then an unattended restart on the same data directory. The real service ({@link Main}, in a
 * child JVM, with its embedded PostgreSQL and the shipped model) gets real photos from {@code
 * sample-images/}, each in three byte-distinct copies (bytes after the JPEG end marker, so each is
 * its own capture), is killed as soon as the first job is done, and started again. Every accepted
 * job must finish {@code done} exactly once: each with its own capture, each capture registered
 * once (the register's observation count is the sum of the jobs'), and each with as many
 * observations as a clean run of the same photo after the restart finds.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class Issue26HardKillTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");
  private static final Path MODEL = Path.of("..", "models", "roadscan-damage");
  private static final int COPIES = 3;
  private static final long HEALTH_TIMEOUT_MS = 120_000;
  private static final long JOBS_TIMEOUT_MS = 150_000;
  private static final long POLL_MS = 50;

  private Vertx vertx;
  private WebClient client;
  private final List<ChildJvm> children = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    client = TestService.client(vertx);
  }

  @AfterEach
  void tearDown() {
    children.forEach(child -> child.stop(60));
    await(vertx.close());
  }

  @Test
  void everyAcceptedJobFinishesExactlyOnceAfterTheServiceIsKilledMidSurvey(@TempDir Path dir)
      throws IOException {
    Path dataDir = dir.resolve("data");
    Map<String, byte[]> photos = photos();

    int port = ChildJvm.freePort();
    ChildJvm first = startService(dataDir, port, dir.resolve("first.log"));
    awaitHealthy(port, dir.resolve("first.log"));
    // One copy of each photo alone (a photo the service refuses, 4xx, is left out), then the
    // other copies of the accepted ones in one request: a survey's worth queued at once.
    Map<String, String> jobBase = new LinkedHashMap<>(); // job url -> sample file name
    for (Map.Entry<String, byte[]> photo : photos.entrySet()) {
      String url = upload(port, photo.getKey(), TestImages.withMarker(photo.getValue(),
          "issue26:killed:0"));
      if (url != null) {
        jobBase.put(url, photo.getKey());
      }
    }
    List<String> accepted = new ArrayList<>(jobBase.values());
    assertThat(accepted).as("accepted photos").hasSizeGreaterThan(3);
    MultipartForm survey = MultipartForm.create();
    List<String> surveyFiles = new ArrayList<>();
    for (int copy = 1; copy < COPIES; copy++) {
      for (String base : accepted) {
        survey.binaryFileUpload("image", base, Buffer.buffer(
            TestImages.withMarker(photos.get(base), "issue26:killed:" + copy)), "image/jpeg");
        surveyFiles.add(base);
      }
    }
    HttpResponse<Buffer> queued = await(client.post(port, "localhost", "/v1/captures")
        .sendMultipartForm(survey));
    assertThat(queued.statusCode()).as(queued.bodyAsString()).isEqualTo(202);
    JsonArray surveyJobs = queued.bodyAsJsonObject().getJsonArray("jobs");
    Set<String> surveyUrls = new HashSet<>();
    for (int i = 0; i < surveyJobs.size(); i++) {
      String url = surveyJobs.getJsonObject(i).getString("url");
      jobBase.put(url, surveyFiles.get(i));
      surveyUrls.add(url);
    }
    awaitFirstDone(port, surveyUrls);
    long unfinished = jobBase.keySet().stream()
        .filter(url -> !"done".equals(job(port, url).getString("state"))).count();
    first.kill();
    System.out.printf("issue 26: killed with %d of %d jobs not done%n", unfinished,
        jobBase.size());
    children.remove(first);

    int secondPort = ChildJvm.freePort();
    startService(dataDir, secondPort, dir.resolve("second.log"));
    awaitHealthy(secondPort, dir.resolve("second.log"));
    Map<String, JsonObject> jobs = awaitAllFinished(secondPort, jobBase.keySet());

    // A clean run of each photo on the restarted service: the reference observation counts.
    Map<String, String> cleanJobs = new HashMap<>();
    for (String base : new HashSet<>(jobBase.values())) {
      cleanJobs.put(upload(secondPort, base, TestImages.withMarker(photos.get(base),
          "issue26:clean:0")), base);
    }
    Map<String, JsonObject> clean = awaitAllFinished(secondPort, cleanJobs.keySet());

    Set<Long> captureIds = new HashSet<>();
    Set<Long> observationIds = new HashSet<>();
    int observations = 0;
    for (Map.Entry<String, JsonObject> entry : jobs.entrySet()) {
      JsonObject job = entry.getValue();
      assertThat(job.getString("state")).as("job %s (%s)", entry.getKey(), job.getString("fileName"))
          .isEqualTo("done");
      assertThat(captureIds.add(job.getLong("captureId"))).as("capture of %s registered once",
          entry.getKey()).isTrue();
      JsonArray found = job.getJsonArray("observations");
      JsonObject reference = clean.entrySet().stream()
          .filter(c -> cleanJobs.get(c.getKey()).equals(jobBase.get(entry.getKey())))
          .findFirst().orElseThrow().getValue();
      assertThat(found).as("observations of %s vs a clean run", job.getString("fileName"))
          .hasSameSizeAs(reference.getJsonArray("observations"));
      for (int i = 0; i < found.size(); i++) {
        assertThat(observationIds.add(found.getJsonObject(i).getLong("id"))).isTrue();
      }
      observations += found.size();
    }
    for (JsonObject job : clean.values()) {
      assertThat(job.getString("state")).isEqualTo("done");
      observations += job.getJsonArray("observations").size();
    }
    assertThat(registeredObservations(secondPort)).as("observations in the register")
        .isEqualTo(observations);
  }

  private ChildJvm startService(Path dataDir, int port, Path log) {
    Map<String, String> properties = new HashMap<>();
    properties.put(key(AppConfig.HTTP_PORT), Integer.toString(port));
    properties.put(key(AppConfig.DATA_DIR), dataDir.toString());
    properties.put(key(AppConfig.MODEL_DIR), MODEL.toAbsolutePath().toString());
    properties.put(key(AppConfig.PRIVACY_MODELS), TestService.PRIVACY_MODELS.toString());
    properties.put(key(AppConfig.WORKERS), "2");
    properties.put(key(AuthConfig.ADMIN_TOKEN), TestService.ADMIN_TOKEN);
    ChildJvm child = ChildJvm.start(Main.class, properties, log);
    children.add(child);
    return child;
  }

  private static String key(String variable) {
    return variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
  }

  private void awaitHealthy(int port, Path log) throws IOException {
    long deadline = System.currentTimeMillis() + HEALTH_TIMEOUT_MS;
    while (true) {
      HttpResponse<Buffer> health = await(TestService.get(client, port, "/health")
          .otherwise((HttpResponse<Buffer>) null));
      if (health != null && health.statusCode() == 200) {
        return;
      }
      assertThat(System.currentTimeMillis()).as("healthy within %d ms; log:%n%s",
          HEALTH_TIMEOUT_MS, tail(log)).isLessThan(deadline);
      await(vertx.timer(200));
    }
  }

  /** POSTs one photo; the job's URL, or null when the service refused the photo (4xx). */
  private String upload(int port, String fileName, byte[] bytes) {
    HttpResponse<Buffer> response = await(TestService.upload(client, port, "image", fileName,
        bytes));
    if (response.statusCode() >= 400 && response.statusCode() < 500) {
      return null;
    }
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    return response.getHeader("Location");
  }

  private void awaitFirstDone(int port, Set<String> urls) {
    long deadline = System.currentTimeMillis() + JOBS_TIMEOUT_MS;
    while (true) {
      for (String url : urls) {
        if ("done".equals(job(port, url).getString("state"))) {
          return;
        }
      }
      assertThat(System.currentTimeMillis()).as("a job done").isLessThan(deadline);
      await(vertx.timer(POLL_MS));
    }
  }

  private Map<String, JsonObject> awaitAllFinished(int port, Set<String> urls) {
    long deadline = System.currentTimeMillis() + JOBS_TIMEOUT_MS;
    Map<String, JsonObject> finished = new HashMap<>();
    while (true) {
      for (String url : urls) {
        if (!finished.containsKey(url)) {
          JsonObject job = job(port, url);
          if ("done".equals(job.getString("state")) || "failed".equals(job.getString("state"))) {
            finished.put(url, job);
          }
        }
      }
      if (finished.size() == urls.size()) {
        return finished;
      }
      assertThat(System.currentTimeMillis()).as("%d of %d jobs finished", finished.size(),
          urls.size()).isLessThan(deadline);
      await(vertx.timer(200));
    }
  }

  private JsonObject job(int port, String url) {
    HttpResponse<Buffer> response = await(TestService.get(client, port, url));
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** The sum of every damage's observation count, all statuses. */
  private int registeredObservations(int port) {
    int total = 0;
    String path = "/v1/repairs?status=all&plausibility=all&limit=500";
    while (path != null) {
      HttpResponse<Buffer> response = await(TestService.get(client, port, path));
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject page = response.bodyAsJsonObject();
      for (Object item : page.getJsonArray("repairs")) {
        total += ((JsonObject) item).getInteger("observationCount");
      }
      path = page.getString("next");
    }
    return total;
  }

  private static Map<String, byte[]> photos() throws IOException {
    Map<String, byte[]> photos = new LinkedHashMap<>();
    try (var files = Files.list(SAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
        photos.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
    }
    return photos;
  }



  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
