package org.roadscan.api.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;

/**
 * Issue #27: a survey video part streams to disk, never whole into memory. Starts the service
 * (embedded PostgreSQL in a temporary directory, no model: accept-only), creates a survey and
 * uploads one {@code video} part of {@code MB} megabytes (default 2048) generated on the fly by the
 * client with backpressure and hashed by it (SHA-256) as it goes, plus its telemetry. Reports the
 * used heap after a GC before and after, the peak used heap during the upload (sampled every 50
 * ms, and the heap pools' own peaks, reset before the upload and summed: an upper bound, since
 * the pools peak at different moments), and the throughput; then checks that the service's
 * SHA-256 is the client's, that the stored file has those bytes (hashed again from disk) and that
 * the upload directory is empty (the temporary part file is gone).
 *
 * <p>Client and service share this JVM, so the heap figures include the client's garbage.
 *
 * <p>Usage: {@code bench/survey-upload.sh [MB]}; run with a small heap ({@code -Xmx256m}) to show
 * that the upload does not need one the size of the video.
 */
public final class SurveyUploadBench {

  private static final int CHUNK_BYTES = 64 * 1024;
  private static final String BOUNDARY = "roadscan-bench-boundary";

  private SurveyUploadBench() {
  }

  public static void main(String[] args) throws Exception {
    long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 2048;
    Path dataDir = Files.createTempDirectory("roadscan-survey-bench");
    Vertx vertx = Vertx.vertx();
    AppConfig config = TestService.config(dataDir, null, Map.of(AppConfig.WORKERS, "0",
        AppConfig.MIN_FREE_DISK_MB, "0"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> new ScriptedCaptureAnalyzer(),
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(verticle));
    int port = verticle.actualPort();
    long surveyId = Await.result(TestService.client(vertx).post(port, "localhost", "/v1/surveys")
        .sendJsonObject(new JsonObject().put("name", "bench").put("kind", "drone")))
        .bodyAsJsonObject().getLong("id");

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(before);
    List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    long sampler = vertx.setPeriodic(50, id -> peak.accumulateAndGet(
        memory.getHeapMemoryUsage().getUsed(), Math::max));
    MessageDigest clientDigest = MessageDigest.getInstance("SHA-256");
    long start = System.nanoTime();
    JsonObject answer = Await.result(upload(vertx.createHttpClient(), port, surveyId,
        megabytes * 1024 * 1024, clientDigest));
    double seconds = (System.nanoTime() - start) / 1e9;
    vertx.cancelTimer(sampler);
    long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    memory.gc();
    long after = memory.getHeapMemoryUsage().getUsed();

    System.out.println(answer.encode());
    System.out.printf(Locale.ROOT, "video part: %d MB in %.1f s (%.0f MB/s), max heap %d MB%n",
        megabytes, seconds, megabytes / seconds,
        memory.getHeapMemoryUsage().getMax() / (1024 * 1024));
    System.out.printf(Locale.ROOT, "used heap after GC: before %.1f MB, after %.1f MB;"
        + " peak during the upload %.1f MB sampled, %.1f MB by the pools' peaks (garbage"
        + " included)%n", before / 1048576.0, after / 1048576.0, peak.get() / 1048576.0,
        poolPeaks / 1048576.0);

    String clientSha256 = HexFormat.of().formatHex(clientDigest.digest());
    JsonObject video = answer.getJsonArray("accepted").getJsonObject(0);
    Path stored = config.mediaDir().resolve(clientSha256.substring(0, 2))
        .resolve(clientSha256 + ".mp4");
    String storedSha256 = Files.exists(stored) ? sha256(stored) : "(no file " + stored + ")";
    long leftInUploads;
    try (Stream<Path> files = Files.list(config.uploadDir())) {
      leftInUploads = files.count();
    }
    System.out.printf(Locale.ROOT, "SHA-256: client %s, service %s, stored file %s (%d bytes);"
        + " files left in the upload directory: %d%n", clientSha256, video.getString("sha256"),
        storedSha256, Files.exists(stored) ? Files.size(stored) : -1, leftInUploads);
    boolean ok = clientSha256.equals(video.getString("sha256"))
        && clientSha256.equals(storedSha256)
        && video.getLong("bytes") == megabytes * 1024 * 1024 && leftInUploads == 0;
    System.out.println(ok ? "check: OK" : "check: FAILED");
    Await.result(vertx.close());
    Files.deleteIfExists(stored);
    System.exit(ok ? 0 : 1);
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** One multipart request: a generated MP4-looking video part, then a tiny SRT. */
  private static Future<JsonObject> upload(HttpClient client, int port, long surveyId,
      long videoBytes, MessageDigest digest) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setPort(port)
            .setHost("localhost").setURI("/v1/surveys/" + surveyId + "/media")
            .putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .putHeader("Authorization", TestService.ADMIN_AUTHORIZATION))
        .compose(request -> {
          request.setChunked(true);
          request.write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"video\";"
              + " filename=\"DJI_0001.MP4\"\r\nContent-Type: video/mp4\r\n\r\n");
          Promise<Void> written = Promise.promise();
          writeVideo(request, videoBytes, 0, digest, written);
          return written.future().compose(v -> request.end("\r\n--" + BOUNDARY + "\r\n"
                  + "Content-Disposition: form-data; name=\"telemetry\";"
                  + " filename=\"DJI_0001.SRT\"\r\nContent-Type: text/plain\r\n\r\n"
                  + "1\n00:00:00,000 --> 00:00:00,033\n[latitude: 51.5136] [longitude: 7.0986]\n"
                  + "\r\n--" + BOUNDARY + "--\r\n"))
              .compose(v -> request.response())
              .compose(response -> response.body());
        })
        .map(body -> new JsonObject(body.toString(StandardCharsets.UTF_8)));
  }

  /** Writes the video's bytes chunk by chunk, waiting for the connection when it is full. */
  private static void writeVideo(HttpClientRequest request, long total, long sent,
      MessageDigest digest, Promise<Void> written) {
    long position = sent;
    while (position < total) {
      int n = (int) Math.min(CHUNK_BYTES, total - position);
      byte[] chunk = new byte[n];
      if (position == 0) {
        byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        System.arraycopy(ftyp, 0, chunk, 0, ftyp.length);
      }
      for (int i = position == 0 ? 12 : 0; i < n; i++) {
        chunk[i] = (byte) ((position + i) * 2654435761L >>> 24);
      }
      digest.update(chunk);
      request.write(Buffer.buffer(chunk));
      position += n;
      if (request.writeQueueFull()) {
        long resumeAt = position;
        request.drainHandler(v -> writeVideo(request, total, resumeAt, digest, written));
        return;
      }
    }
    written.tryComplete();
  }
}
