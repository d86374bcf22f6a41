package org.roadscan.api.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.roadscan.api.Main;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.testing.HostileJpeg;

/**
 * Issue #30 under load: {@code UPLOADERS} concurrent clients (default 50) upload photos to {@code
 * POST /v1/captures} on loopback for {@code SECONDS} (default 150), each one request after the
 * other, one photo per request. Nine in ten files are the sample photos (44 KB to 3.5 MB, each
 * made unique by bytes after its end marker, so every accepted one is stored and queued); one in
 * ten is hostile (a pixel bomb, a cut header, a NaN latitude, a PNG, a 300-character file name).
 * A client refused with 429 waits the {@code Retry-After} it was given, as a well-behaved client
 * does.
 *
 * <p>The service runs in this JVM as an accept-only instance ({@code ROADSCAN_WORKERS=0}: no model,
 * the front door alone) with the production upload check ({@link Main#captureValidator()}, behind
 * the pixel limit), the embedded PostgreSQL (durable) and its default limits: {@code
 * ROADSCAN_MAX_UPLOADS=16} uploads received at once. Reports requests by status and problem type,
 * latency percentiles, the most requests in flight on the client side, peak used heap (sampled
 * every 100 ms; client included) and peak RSS of the process ({@code VmHWM}), and checks that no
 * request got a 5xx or a connection error, every 429 carried {@code Retry-After}, and the service
 * is healthy afterwards.
 *
 * <p>Usage: {@code bench/upload-load.sh [SECONDS] [UPLOADERS]}.
 */
public final class UploadLoadBench {

  private static final Path SAMPLES = Path.of("sample-images");

  private UploadLoadBench() {
  }

  private record Sample(String fileName, byte[] bytes, boolean hostile) {
  }

  private record Result(int status, String type, long latencyNanos, boolean retryAfter) {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 150;
    int uploaders = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Path dataDir = Files.createTempDirectory("roadscan-load-bench");
    Vertx vertx = Vertx.vertx();
    AppConfig config = TestService.config(dataDir, null, Map.of(AppConfig.WORKERS, "0",
        AppConfig.FEED_WORKERS, "0", AppConfig.MIN_FREE_DISK_MB, "0"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> new ScriptedCaptureAnalyzer(),
        Main.captureValidator());
    Await.result(vertx.deployVerticle(verticle));
    int port = verticle.actualPort();
    List<Sample> samples = samples();
    WebClient client = TestService.client(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(uploaders));

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peakHeap = new AtomicLong(heapBefore);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peakInFlight = new AtomicInteger();
    long sampler = vertx.setPeriodic(100, id -> peakHeap.accumulateAndGet(
        memory.getHeapMemoryUsage().getUsed(), Math::max));
    List<Result> results = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong bytesSent = new AtomicLong();
    AtomicInteger errors = new AtomicInteger();
    Map<String, Boolean> tried = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    List<Future<Void>> clients = new ArrayList<>();
    AtomicLong serial = new AtomicLong();
    for (int u = 0; u < uploaders; u++) {
      SplittableRandom random = new SplittableRandom(1000 + u);
      Promise<Void> done = Promise.promise();
      clients.add(done.future());
      loop(vertx, client, port, samples, random, deadline, serial, inFlight, peakInFlight,
          results, bytesSent, errors, tried, done);
    }
    // longer than Await's 30 s: the run itself takes SECONDS
    Future.all(clients).toCompletionStage().toCompletableFuture()
        .get(seconds + 300L, java.util.concurrent.TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    vertx.cancelTimer(sampler);
    int health = Await.result(TestService.get(WebClient.create(vertx), port, "/health"))
        .statusCode();
    long rssPeakKb = procStatusKb("VmHWM");
    long rssNowKb = procStatusKb("VmRSS");

    Map<String, Integer> byStatus = new TreeMap<>();
    List<Long> accepted = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    int tooMany = 0;
    int tooManyWithRetryAfter = 0;
    int serverErrors = 0;
    synchronized (results) {
      for (Result r : results) {
        String key = r.status() + (r.type() == null ? "" : " " + r.type());
        byStatus.merge(key, 1, Integer::sum);
        all.add(r.latencyNanos());
        if (r.status() == 202) {
          accepted.add(r.latencyNanos());
        }
        if (r.status() == 429) {
          tooMany++;
          tooManyWithRetryAfter += r.retryAfter() ? 1 : 0;
        }
        if (r.status() >= 500) {
          serverErrors++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d uploaders for %.0f s on loopback; %d requests (%.1f/s),"
        + " %.0f MB sent; distinct files tried: %d%n", uploaders, elapsed, results.size(),
        results.size() / elapsed, bytesSent.get() / 1048576.0, tried.size());
    byStatus.forEach((status, n) -> System.out.printf(Locale.ROOT, "  %-45s %6d%n", status, n));
    System.out.printf(Locale.ROOT, "latency all: %s%n", percentiles(all));
    System.out.printf(Locale.ROOT, "latency 202: %s%n", percentiles(accepted));
    System.out.printf(Locale.ROOT, "requests in flight (client side): at most %d;"
        + " received at once by the service: at most 16 (ROADSCAN_MAX_UPLOADS)%n",
        peakInFlight.get());
    System.out.printf(Locale.ROOT, "heap used: %.0f MB before, peak %.0f MB (max %d MB);"
        + " process RSS peak %.0f MB, now %.0f MB%n", heapBefore / 1048576.0,
        peakHeap.get() / 1048576.0, memory.getHeapMemoryUsage().getMax() / (1024 * 1024),
        rssPeakKb / 1024.0, rssNowKb / 1024.0);
    System.out.printf(Locale.ROOT, "429 with Retry-After: %d of %d; 5xx: %d; connection errors:"
        + " %d; /health afterwards: %d%n", tooManyWithRetryAfter, tooMany, serverErrors,
        errors.get(), health);
    boolean ok = serverErrors == 0 && errors.get() == 0 && tooMany == tooManyWithRetryAfter
        && health == 200;
    System.out.println(ok ? "check: OK" : "check: FAILED");
    Await.result(vertx.close());
    deleteTree(dataDir);
    System.exit(ok ? 0 : 1);
  }

  /** One uploader: request after request until the deadline. */
  private static void loop(Vertx vertx, WebClient client, int port, List<Sample> samples,
      SplittableRandom random, long deadline, AtomicLong serial, AtomicInteger inFlight,
      AtomicInteger peakInFlight, List<Result> results, AtomicLong bytesSent,
      AtomicInteger errors, Map<String, Boolean> tried, Promise<Void> done) {
    if (System.nanoTime() > deadline) {
      done.complete();
      return;
    }
    Sample sample = samples.get(random.nextInt(samples.size()));
    byte[] bytes = sample.hostile() ? sample.bytes() : unique(sample.bytes(),
        serial.incrementAndGet());
    tried.put(sample.fileName() + (sample.hostile() ? "" : "#" + serial.get()), true);
    MultipartForm form = MultipartForm.create().binaryFileUpload("image", sample.fileName(),
        Buffer.buffer(bytes), "image/jpeg");
    peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    long t0 = System.nanoTime();
    client.post(port, "localhost", "/v1/captures").sendMultipartForm(form)
        .onComplete(ar -> {
          inFlight.decrementAndGet();
          long waitMs = 0;
          if (ar.succeeded()) {
            HttpResponse<Buffer> response = ar.result();
            String type = null;
            if (response.statusCode() >= 400) {
              try {
                type = new JsonObject(response.bodyAsString()).getString("type")
                    .replace("urn:roadscan:problem:", "");
              } catch (RuntimeException e) {
                type = "(no problem body)";
              }
            }
            String retryAfter = response.getHeader("Retry-After");
            results.add(new Result(response.statusCode(), type, System.nanoTime() - t0,
                retryAfter != null));
            bytesSent.addAndGet(bytes.length);
            if (response.statusCode() == 429 && retryAfter != null) {
              waitMs = Long.parseLong(retryAfter) * 1000;
            }
          } else {
            errors.incrementAndGet();
            System.err.println("request failed: " + ar.cause());
          }
          Runnable next = () -> loop(vertx, client, port, samples, random, deadline, serial,
              inFlight, peakInFlight, results, bytesSent, errors, tried, done);
          if (waitMs > 0) {
            vertx.setTimer(waitMs, id -> next.run());
          } else {
            next.run();
          }
        });
  }

  private static byte[] unique(byte[] jpeg, long n) {
    byte[] copy = Arrays.copyOf(jpeg, jpeg.length + 8);
    for (int i = 0; i < 8; i++) {
      copy[jpeg.length + i] = (byte) (n >> (8 * i));
    }
    return copy;
  }

  /** The sample photos (9 in 10 picks) and five hostile files (1 in 10). */
  private static List<Sample> samples() throws Exception {
    List<Sample> photos = new ArrayList<>();
    try (Stream<Path> files = Files.list(SAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
        photos.add(new Sample(file.getFileName().toString(), Files.readAllBytes(file), false));
      }
    }
    byte[] photo = photos.get(0).bytes();
    List<Sample> hostile = List.of(
        new Sample("bomb.jpg", HostileJpeg.pixelBomb(60_000, 60_000), true),
        new Sample("head.jpg", Arrays.copyOf(photo, 200), true),
        new Sample("nan.jpg", HostileJpeg.withExifGps(HostileJpeg.pixelBomb(64, 48),
            new long[] {0, 0, 0, 1, 0, 1}, "N", new long[] {7, 1, 0, 1, 0, 1}, "E", false,
            false), true),
        new Sample("a.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, true),
        new Sample("n".repeat(300) + ".jpg", photo, true));
    List<Sample> mix = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      mix.addAll(photos);
    }
    // 81 photo picks to 10 hostile ones: about one in ten
    mix.addAll(hostile);
    mix.addAll(hostile);
    return mix;
  }

  private static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "(none)";
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(Locale.ROOT, "n=%d p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
        sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  private static long procStatusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
