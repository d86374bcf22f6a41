package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
import org.roadscan.api.jobs.ClaimerId;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ChildJvm;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * Issue #32, several replicas on one database: two real service processes ({@link Main} in child
 * JVMs, the shipped model, one worker each) share one PostgreSQL and one data directory, as two
 * worker pods share the database and the volume. A survey uploaded to replica A (the 20 MP aerial
 * frame first, twice, so that each replica is mid-job for seconds, then copies of the pothole
 * photos) is worked on by both: B learns of the jobs by {@code LISTEN/NOTIFY}. B is killed with
 * SIGKILL while it runs a job; that job keeps B's expired lease until A's heartbeat requeues it
 * (lease 3 s here) and A analyses it. Every job must end {@code done} exactly once (one capture
 * each, every capture registered once, attempts 1, or 2 for the taken-over jobs), and the
 * register (class, position and observation count of every damage) must equal that of a single
 * process that ran the same survey on a database of its own.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class Issue32ScaleOutTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");
  private static final Path MODEL = Path.of("..", "models", "roadscan-damage");
  private static final String AERIAL = "caliterra-aerial-nadir-djixmp.jpg";
  private static final int AERIAL_COPIES = 2;
  private static final int PHOTO_COPIES = 2;
  private static final String LEASE_S = "3";
  private static final long HEALTH_TIMEOUT_MS = 150_000;
  private static final long JOBS_TIMEOUT_MS = 180_000;
  private static final long POLL_MS = 50;
  /** Positions of one damage in two runs: the same observations, so equal but for rounding. */
  private static final double SAME_POSITION_DEG = 1e-7;

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
    Await.result(vertx.close());
  }

  @Test
  void aReplicaKilledMidJobLeavesItsJobsToTheOtherAndEveryJobIsDoneOnce(@TempDir Path dir)
      throws IOException {
    String sharedDb = SharedPostgres.newDatabaseUrl();
    String singleDb = SharedPostgres.newDatabaseUrl();
    Path sharedData = dir.resolve("shared-data");
    int portA = ChildJvm.freePort();
    int portB = ChildJvm.freePort();
    int portSingle = ChildJvm.freePort();
    ChildJvm a = startService(sharedDb, sharedData, portA, dir.resolve("a.log"));
    ChildJvm b = startService(sharedDb, sharedData, portB, dir.resolve("b.log"));
    ChildJvm single = startService(singleDb, dir.resolve("single-data"), portSingle,
        dir.resolve("single.log"));
    awaitReady(portA, dir.resolve("a.log"));
    awaitReady(portB, dir.resolve("b.log"));
    awaitReady(portSingle, dir.resolve("single.log"));

    MultipartForm survey = survey();
    List<String> jobUrls = jobUrls(Await.result(client.post(portA, "localhost", "/v1/captures")
        .sendMultipartForm(survey)));
    Pool db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(sharedDb)).using(vertx)
        .build();
    // B learns of the jobs by LISTEN/NOTIFY while A analyses the first aerial frame (seconds), so
    // it claims the second: killed while that runs, B is certainly mid-job
    awaitRunningAerialOf(db, b, dir.resolve("b.log"));
    b.kill();
    children.remove(b);
    int leftRunning = runningJobsOf(db, b.pid());
    System.out.printf("issue 32: replica B killed with %d job(s) running%n", leftRunning);
    assertThat(leftRunning).as("B was killed mid-job").isGreaterThanOrEqualTo(1);
    // the single process's copy only now: an upload answers once every image is anonymised
    // (issue #31, seconds per aerial frame), and meanwhile A and B would finish the aerial jobs
    List<String> singleUrls = jobUrls(Await.result(client.post(portSingle, "localhost",
        "/v1/captures").sendMultipartForm(survey())));
    assertThat(singleUrls).hasSameSizeAs(jobUrls);

    Map<String, JsonObject> jobs = awaitAllFinished(portA, jobUrls);
    Map<String, JsonObject> singleJobs = awaitAllFinished(portSingle, singleUrls);

    Set<Long> captureIds = new HashSet<>();
    int observations = 0;
    for (JsonObject job : jobs.values()) {
      assertThat(job.getString("state")).as("job %s (%s): %s", job.getString("id"),
          job.getString("fileName"), job.getValue("error")).isEqualTo("done");
      assertThat(job.getInteger("attempts")).as("attempts of %s", job.getString("id"))
          .isBetween(1, 2);
      assertThat(captureIds.add(job.getLong("captureId"))).as("one capture per job").isTrue();
      observations += job.getJsonArray("observations").size();
    }
    Map<Long, String> claimers = finalClaimers(db);
    Set<Long> pids = new HashSet<>(claimers.keySet());
    assertThat(pids).as("every job finished by replica A, or by B before it was killed")
        .isSubsetOf(a.pid(), b.pid());
    Row counts = Await.result(db.query("SELECT (SELECT count(*) FROM captures)::int AS captures,"
        + " (SELECT count(*) FROM jobs WHERE attempts = 2 AND claimed_by LIKE '%:" + a.pid()
        + ":%')::int AS taken_over, (SELECT count(*) FROM observations)::int AS observations")
        .execute()).iterator().next();
    assertThat(counts.getInteger("captures")).as("each capture registered once")
        .isEqualTo(jobUrls.size());
    assertThat(counts.getInteger("taken_over")).as("jobs A took over after B's lease expired")
        .isGreaterThanOrEqualTo(leftRunning);
    assertThat(counts.getInteger("observations")).as("observations registered once")
        .isEqualTo(observations);
    Await.result(db.close());

    int singleObservations = singleJobs.values().stream()
        .peek(job -> assertThat(job.getString("state")).isEqualTo("done"))
        .mapToInt(job -> job.getJsonArray("observations").size()).sum();
    assertThat(observations).as("observations: two replicas vs one process")
        .isEqualTo(singleObservations);
    List<JsonObject> register = register(portA);
    List<JsonObject> singleRegister = register(portSingle);
    assertThat(register).as("damages").hasSameSizeAs(singleRegister).isNotEmpty();
    List<JsonObject> unmatched = new ArrayList<>(singleRegister);
    for (JsonObject damage : register) {
      JsonObject twin = unmatched.stream().filter(other -> sameDamage(damage, other)).findFirst()
          .orElse(null);
      assertThat(twin).as("damage %s of the two replicas in the single process's register %s",
          damage.encode(), singleRegister).isNotNull();
      unmatched.remove(twin);
    }
  }

  /** The aerial frame's copies first (each a few seconds of analysis), then the photos'. */
  private static MultipartForm survey() throws IOException {
    MultipartForm form = MultipartForm.create();
    byte[] aerial = Files.readAllBytes(SAMPLES.resolve(AERIAL));
    for (int copy = 0; copy < AERIAL_COPIES; copy++) {
      form.binaryFileUpload("image", AERIAL,
          Buffer.buffer(TestImages.withMarker(aerial, "issue32-scale-out:" + copy)), "image/jpeg");
    }
    try (var files = Files.list(SAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jpg"))
          .filter(f -> !f.getFileName().toString().equals(AERIAL)).sorted().toList()) {
        byte[] photo = Files.readAllBytes(file);
        for (int copy = 0; copy < PHOTO_COPIES; copy++) {
          form.binaryFileUpload("image", file.getFileName().toString(),
              Buffer.buffer(TestImages.withMarker(photo, "issue32-scale-out:" + copy)),
              "image/jpeg");
        }
      }
    }
    return form;
  }

  private static List<String> jobUrls(HttpResponse<Buffer> accepted) {
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonArray jobs = accepted.bodyAsJsonObject().getJsonArray("jobs");
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      urls.add(jobs.getJsonObject(i).getString("url"));
    }
    assertThat(urls).hasSizeGreaterThan(AERIAL_COPIES + PHOTO_COPIES);
    return urls;
  }

  private static boolean sameDamage(JsonObject a, JsonObject b) {
    JsonObject pa = a.getJsonObject("position");
    JsonObject pb = b.getJsonObject("position");
    return a.getString("class").equals(b.getString("class"))
        && a.getInteger("observationCount").equals(b.getInteger("observationCount"))
        && Math.abs(pa.getDouble("lon") - pb.getDouble("lon")) < SAME_POSITION_DEG
        && Math.abs(pa.getDouble("lat") - pb.getDouble("lat")) < SAME_POSITION_DEG;
  }

  private ChildJvm startService(String dbUrl, Path dataDir, int port, Path log) {
    Map<String, String> properties = new HashMap<>();
    properties.put(key(AppConfig.HTTP_PORT), Integer.toString(port));
    properties.put(key(AppConfig.DATA_DIR), dataDir.toString());
    properties.put(key(AppConfig.DB_URL), dbUrl);
    properties.put(key(AppConfig.MODEL_DIR), MODEL.toAbsolutePath().toString());
    properties.put(key(AppConfig.PRIVACY_MODELS), TestService.PRIVACY_MODELS.toString());
    properties.put(key(AppConfig.WORKERS), "1");
    properties.put(key(AppConfig.FEED_WORKERS), "0");
    properties.put(key(AppConfig.JOB_LEASE_S), LEASE_S);
    properties.put(key(AuthConfig.ADMIN_TOKEN), TestService.ADMIN_TOKEN);
    // one worker per process on shared cores: waiting OpenMP threads sleep (bench/README.md)
    ChildJvm child = ChildJvm.start(Main.class, List.of(), Map.of("OMP_WAIT_POLICY", "PASSIVE"),
        properties, log);
    children.add(child);
    return child;
  }

  private static String key(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private void awaitReady(int port, Path log) {
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

  /** Waits until an aerial frame's job is running under the claim of {@code replica}'s process. */
  private void awaitRunningAerialOf(Pool db, ChildJvm replica, Path log) {
    long deadline = System.currentTimeMillis() + JOBS_TIMEOUT_MS;
    while (runningJobsOf(db, replica.pid(), AERIAL) == 0) {
      assertThat(System.currentTimeMillis()).as("replica %d runs a job; log:%n%s", replica.pid(),
          tail(log)).isLessThan(deadline);
      Await.result(vertx.timer(POLL_MS));
    }
  }

  private static int runningJobsOf(Pool db, long pid) {
    return runningJobsOf(db, pid, null);
  }

  /** Jobs running under {@code pid}'s claim, of images named {@code fileName} if not null. */
  private static int runningJobsOf(Pool db, long pid, String fileName) {
    int running = 0;
    for (Row row : Await.result(db.query("SELECT claimed_by, file_name FROM jobs"
        + " WHERE state = 'running'").execute())) {
      if (new ClaimerId(row.getString("claimed_by")).pid() == pid
          && (fileName == null || fileName.equals(row.getString("file_name")))) {
        running++;
      }
    }
    return running;
  }

  /** Jobs by the pid of the process whose claim finished them. */
  private static Map<Long, String> finalClaimers(Pool db) {
    Map<Long, String> claimers = new HashMap<>();
    for (Row row : Await.result(db.query("SELECT claimed_by FROM jobs").execute())) {
      ClaimerId claimer = new ClaimerId(row.getString("claimed_by"));
      claimers.put(claimer.pid(), claimer.value());
    }
    return claimers;
  }

  private Map<String, JsonObject> awaitAllFinished(int port, List<String> urls) {
    long deadline = System.currentTimeMillis() + JOBS_TIMEOUT_MS;
    Map<String, JsonObject> finished = new HashMap<>();
    while (true) {
      for (String url : urls) {
        if (!finished.containsKey(url)) {
          HttpResponse<Buffer> response = Await.result(TestService.get(client, port, url));
          assertThat(response.statusCode()).as(url).isEqualTo(200);
          JsonObject job = response.bodyAsJsonObject();
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
      Await.result(vertx.timer(200));
    }
  }

  /** Every damage of the register, all statuses. */
  private List<JsonObject> register(int port) {
    List<JsonObject> damages = new ArrayList<>();
    String path = "/v1/repairs?status=all&plausibility=all&limit=500";
    while (path != null) {
      HttpResponse<Buffer> response = Await.result(TestService.get(client, port, path));
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject page = response.bodyAsJsonObject();
      page.getJsonArray("repairs").forEach(item -> damages.add((JsonObject) item));
      path = page.getString("next");
    }
    return damages;
  }



  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
