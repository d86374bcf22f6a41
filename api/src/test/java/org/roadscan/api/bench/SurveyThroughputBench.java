package org.roadscan.api.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.roadscan.api.Main;
import org.roadscan.api.db.EmbeddedPostgresServer;
import org.roadscan.api.testing.ChildJvm;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * Issue #27: survey images/s with one and two service processes on one database. Starts one
 * embedded PostgreSQL (the service's settings, durable) in this JVM and, on it, one database per
 * configuration, each with its own service processes ({@link Main}, the shipped model, {@code
 * ROADSCAN_DB_URL} pointing at that database, one HTTP port each):
 *
 * <ul>
 *   <li>{@code 1 process x 1 worker}: {@code ROADSCAN_WORKERS=1}, so one worker with as many
 *       libtorch threads as cores (the service's own rule, cores / workers);
 *   <li>{@code 1 process x 2 workers}: {@code ROADSCAN_WORKERS=2}, one libtorch thread each;
 *   <li>{@code 2 processes x 1 worker}: {@code ROADSCAN_WORKERS=1} each, with {@code
 *       -XX:ActiveProcessorCount=1} (as a one-CPU container would give them), so one libtorch
 *       thread each: two cores in all, like the row above. Both share one data directory: a job
 *       queued by process A names its image by hash in A's image store, which B must read.
 *   <li>{@code 1 x 1, OMP passive}: the first row with {@code OMP_WAIT_POLICY=PASSIVE}, since
 *       the first runs showed its two libtorch threads spending most of their CPU spin-waiting in
 *       libgomp barriers on this shared machine (perf).
 * </ul>
 *
 * <p>All processes start (and requeue abandoned jobs) before anything is uploaded. Per
 * configuration, one untimed survey of {@code IMAGES / 2} photos (JIT, libtorch), then {@code
 * ROUNDS} timed surveys, the configurations taking turns so that the machine's other load hits them
 * alike. A survey: {@code IMAGES} byte-distinct copies of the seven 640 px pothole photos of
 * {@code sample-images/} (bytes appended after the JPEG end marker), uploaded to process A in
 * requests of 10 image parts, all at once; timed from the first upload to {@code state == done}
 * (polled every 50 ms on A). Checked after each survey in its database: every job done with one
 * attempt and its own capture, and each photo's observation count the same in every survey of
 * every configuration.
 *
 * <p>Usage: {@code bench/survey-throughput.sh [IMAGES=70] [ROUNDS=2]}.
 */
public final class SurveyThroughputBench {

  private static final long TIMEOUT_S = 600;
  private static final int PARTS_PER_REQUEST = 10;

  /** One configuration: its processes, on its own database and data directory. */
  private record Setup(String name, int processes, int workers, List<String> jvmOptions,
      Map<String, String> environment) {
  }

  private static final List<Setup> SETUPS = List.of(
      new Setup("1 process x 1 worker", 1, 1, List.of(), Map.of()),
      new Setup("1 process x 2 workers", 1, 2, List.of(), Map.of()),
      new Setup("2 processes x 1 worker", 2, 1, List.of("-XX:ActiveProcessorCount=1"), Map.of()),
      new Setup("1 x 1, OMP passive", 1, 1, List.of(), Map.of("OMP_WAIT_POLICY", "PASSIVE")));

  /** A started configuration. */
  private record Running(Setup setup, List<ChildJvm> children, List<Integer> ports, Pool db) {
  }

  private SurveyThroughputBench() {
  }

  public static void main(String[] args) throws Exception {
    int imageCount = args.length > 0 ? Integer.parseInt(args[0]) : 70;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path modelDir = Path.of(args.length > 2 ? args[2] : "models/roadscan-damage");
    List<byte[]> photos = photos(Path.of("sample-images"));
    Path root = Files.createTempDirectory("roadscan-survey-throughput");
    System.out.printf(Locale.ROOT, "%d images per survey (%d photos), %d timed rounds, cores %d,"
        + " work dir %s%n", imageCount, photos.size(), rounds,
        Runtime.getRuntime().availableProcessors(), root);

    Vertx vertx = Vertx.vertx();
    WebClient client = TestService.client(vertx);
    List<Running> running = new ArrayList<>();
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(root.resolve("pg"))) {
      try {
        Pool admin = PgBuilder.pool().connectingTo(postgres.connectOptions()).using(vertx).build();
        for (int s = 0; s < SETUPS.size(); s++) {
          Setup setup = SETUPS.get(s);
          String database = "bench_" + s;
          await(admin.query("CREATE DATABASE " + database).execute());
          String url = postgres.url(database);
          Path dataDir = Files.createDirectories(root.resolve("data-" + s));
          List<ChildJvm> children = new ArrayList<>();
          List<Integer> ports = new ArrayList<>();
          for (int p = 0; p < setup.processes(); p++) {
            int port = ChildJvm.freePort();
            ports.add(port);
            children.add(ChildJvm.start(Main.class, setup.jvmOptions(), setup.environment(), Map.of(
                "roadscan.db.url", url,
                "roadscan.data.dir", dataDir.toString(),
                "roadscan.http.port", Integer.toString(port),
                "roadscan.workers", Integer.toString(setup.workers()),
                "roadscan.model.dir", modelDir.toAbsolutePath().toString(),
                "roadscan.privacy.models", TestService.PRIVACY_MODELS.toString(),
                "roadscan.min.free.disk.mb", "0",
                "roadscan.admin.token", TestService.ADMIN_TOKEN,
                "ai.djl.offline", "true"), root.resolve("service-" + s + "-" + p + ".log")));
          }
          running.add(new Running(setup, children, ports, PgBuilder.pool()
              .connectingTo(postgres.connectOptions().setDatabase(database)).using(vertx).build()));
        }
        for (Running r : running) {
          for (int p = 0; p < r.children().size(); p++) {
            awaitHealthy(vertx, client, r.children().get(p), r.ports().get(p));
          }
        }
        System.out.println("all service processes healthy (model loaded)");

        Map<Integer, Long> observationsOf = new HashMap<>();
        for (Running r : running) {
          double rate = survey(vertx, client, r, photos, Math.max(1, imageCount / 2), "warm-up",
              observationsOf);
          System.out.printf(Locale.ROOT, "  warm-up %-24s %6.2f images/s%n", r.setup().name(),
              rate);
        }
        double[][] rates = new double[running.size()][rounds];
        for (int round = 0; round < rounds; round++) {
          for (int s = 0; s < running.size(); s++) {
            Running r = running.get(s);
            double[] cpuBefore = cpu(r);
            rates[s][round] = survey(vertx, client, r, photos, imageCount, "round " + round,
                observationsOf);
            double[] cpuAfter = cpu(r);
            StringBuilder cpu = new StringBuilder();
            for (int p = 0; p < cpuBefore.length; p++) {
              cpu.append(String.format(Locale.ROOT, " %s %.1f s", p == 0 ? "A" : "B",
                  cpuAfter[p] - cpuBefore[p]));
            }
            System.out.printf(Locale.ROOT, "  round %d %-24s %6.2f images/s (CPU:%s)%n", round + 1,
                r.setup().name(), rates[s][round], cpu);
          }
        }
        long observations = observationsOf.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "every survey: %d jobs done once each, %d observations per"
            + " survey (the same per photo in every survey)%n", imageCount, observations);
        double base = median(rates[0]);
        for (int s = 0; s < running.size(); s++) {
          double m = median(rates[s]);
          System.out.printf(Locale.ROOT, "%-24s median %6.2f images/s, %.2f x 1 process x 1 worker"
              + " (rounds %s)%n", running.get(s).setup().name(), m, m / base, fmt(rates[s]));
        }
        double[] twoProcessesVsTwoWorkers = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          twoProcessesVsTwoWorkers[round] = rates[2][round] / rates[1][round];
        }
        System.out.printf(Locale.ROOT, "2 processes x 1 worker / 1 process x 2 workers, per round:"
            + " %s (median %.2f)%n", fmt(twoProcessesVsTwoWorkers),
            median(twoProcessesVsTwoWorkers));
      } finally {
        // before PostgreSQL stops (try-with-resources closes it ahead of a finally of its own)
        for (Running r : running) {
          r.children().forEach(c -> c.stop(60));
        }
      }
    } finally {
      await(vertx.close());
    }
    System.exit(0);
  }

  /**
   * One survey of {@code count} images through the first process; returns images/s from the first
   * upload to {@code done}, after checking the jobs and observations in the database.
   */
  private static double survey(Vertx vertx, WebClient client, Running r, List<byte[]> photos,
      int count, String label, Map<Integer, Long> observationsOf) {
    int port = r.ports().get(0);
    long surveyId = await(client.post(port, "localhost", "/v1/surveys")
        .sendJsonObject(new JsonObject().put("name", r.setup().name() + " " + label)
            .put("kind", "drone")))
        .bodyAsJsonObject().getLong("id");
    long start = System.nanoTime();
    List<Future<Integer>> requests = new ArrayList<>();
    for (int first = 0; first < count; first += PARTS_PER_REQUEST) {
      MultipartForm form = MultipartForm.create();
      int parts = Math.min(PARTS_PER_REQUEST, count - first);
      for (int i = first; i < first + parts; i++) {
        byte[] bytes = TestImages.withMarker(photos.get(i % photos.size()),
            "bench:" + r.setup().name() + label + i + ":" + System.nanoTime());
        form.binaryFileUpload("image", "photo-" + i + ".jpg", Buffer.buffer(bytes), "image/jpeg");
      }
      requests.add(client.post(port, "localhost", "/v1/surveys/" + surveyId + "/media")
          .sendMultipartForm(form).map(resp -> {
            JsonObject body = resp.bodyAsJsonObject();
            if (resp.statusCode() != 202 || !body.getJsonArray("refused").isEmpty()) {
              throw new IllegalStateException("upload refused: " + resp.bodyAsString());
            }
            JsonArray accepted = body.getJsonArray("accepted");
            for (int a = 0; a < accepted.size(); a++) {
              if (accepted.getJsonObject(a).getBoolean("duplicate")) {
                throw new IllegalStateException("duplicate: " + accepted.getJsonObject(a));
              }
            }
            return accepted.size();
          }));
    }
    int accepted = await(Future.all(requests)).<Integer>list().stream()
        .mapToInt(Integer::intValue).sum();
    JsonObject done = await(untilDone(vertx, client, port, surveyId));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (accepted != count || done.getLong("processed") != count || done.getLong("failed") != 0) {
      throw new IllegalStateException("survey " + surveyId + ": " + accepted + " accepted, "
          + done.encode());
    }
    check(r.db(), surveyId, count, observationsOf, r.setup().name() + " " + label);
    return count / seconds;
  }

  private static Future<JsonObject> untilDone(Vertx vertx, WebClient client, int port,
      long surveyId) {
    return client.get(port, "localhost", "/v1/surveys/" + surveyId).send().compose(resp -> {
      JsonObject survey = resp.bodyAsJsonObject();
      if ("done".equals(survey.getString("state"))) {
        return Future.succeededFuture(survey);
      }
      return vertx.timer(50).compose(t -> untilDone(vertx, client, port, surveyId));
    });
  }

  /**
   * Every job of the survey done, claimed once, with a capture of its own; each photo's
   * observation count equal to the one seen in every earlier survey.
   */
  private static void check(Pool db, long surveyId, int count, Map<Integer, Long> observationsOf,
      String label) {
    Row jobs = await(db.preparedQuery("SELECT count(*) AS jobs,"
        + " count(*) FILTER (WHERE state = 'done') AS done,"
        + " count(*) FILTER (WHERE attempts <> 1) AS retried,"
        + " count(DISTINCT capture_id) AS captures FROM jobs WHERE survey_id = $1")
        .execute(Tuple.of(surveyId))).iterator().next();
    if (jobs.getLong("jobs") != count || jobs.getLong("done") != count
        || jobs.getLong("retried") != 0 || jobs.getLong("captures") != count) {
      throw new IllegalStateException(label + ": jobs " + jobs.toJson().encode());
    }
    var rows = await(db.preparedQuery("SELECT j.file_name, count(o.id) AS observations"
        + " FROM jobs j LEFT JOIN observations o ON o.capture_id = j.capture_id"
        + " WHERE j.survey_id = $1 GROUP BY j.file_name").execute(Tuple.of(surveyId)));
    Map<Integer, Long> mismatches = new TreeMap<>();
    for (Row row : rows) {
      String name = row.getString("file_name");
      int index = Integer.parseInt(name.substring("photo-".length(), name.indexOf('.')));
      long seen = row.getLong("observations");
      Long before = observationsOf.putIfAbsent(index, seen);
      if (before != null && before != seen) {
        mismatches.put(index, seen);
      }
    }
    if (!mismatches.isEmpty()) {
      throw new IllegalStateException(label + ": observation counts differ from earlier surveys"
          + " for photos " + mismatches);
    }
  }

  private static void awaitHealthy(Vertx vertx, WebClient client, ChildJvm child, int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new IllegalStateException("service on port " + port + " exited; see its log");
      }
      int status;
      try {
        status = await(client.get(port, "localhost", "/health").send()).statusCode();
      } catch (IllegalStateException notListening) {
        status = -1;
      }
      if (status == 200) {
        return;
      }
      await(vertx.timer(200));
    }
    throw new IllegalStateException("service on port " + port + " not healthy in time");
  }

  private static double[] cpu(Running r) {
    return r.children().stream().mapToDouble(ChildJvm::cpuSeconds).toArray();
  }

  private static List<byte[]> photos(Path samples) throws IOException {
    List<byte[]> photos = new ArrayList<>();
    try (var files = Files.list(samples)) {
      for (Path p : files.filter(f -> f.getFileName().toString().contains("pothole")
          && f.toString().endsWith(".jpg")).sorted().toList()) {
        photos.add(Files.readAllBytes(p));
      }
    }
    return photos;
  }



  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String fmt(double[] values) {
    StringBuilder out = new StringBuilder();
    for (double v : values) {
      out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
    }
    return out.toString();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
