package org.roadscan.api.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.roadscan.api.Main;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.jobs.JobWorkers;
import org.roadscan.api.testing.TestService;

/**
 * The fire brigade lane under a survey (issue #28): 1080p drone frames replayed at 2 frames/s to
 * {@code POST /v1/feed/frames} (one incident, pose part), first alone, then while a crew uploads
 * a survey photo after photo through {@code /v1/captures} (two requests in flight; each photo
 * blurred, stored and analysed while the frames come), then the survey alone. Reports the feed's
 * response time p50/p95/p99 (send → 200) in each phase, frames dropped, and the survey's images/s
 * (analysed, and uploads answered) with and without the feed, all in one run and one service (real
 * model, embedded PostgreSQL). Not a test: run it with {@code bench/feed.sh}.
 *
 * <p>Frames: 16:9 crops of the aerial sample at shifting offsets, scaled to 1920 × 1080, placed by
 * a nadir pose 40 m up (the crops carry no EXIF). Survey uploads get distinct bytes (a counter
 * after the JPEG's end marker) so the duplicate check never short-cuts them.
 */
public final class FeedBench {

  private static final double FRAMES_PER_S = 2;
  private static final String POSE = new JsonObject().put("lon", 7.0986).put("lat", 51.5136)
      .put("relativeAltitudeM", 40.0).put("gimbalPitchDeg", -90.0).put("gimbalYawDeg", 0.0)
      .put("focalLength35mm", 24.0).encode();

  private FeedBench() {
  }

  public static void main(String[] args) throws Exception {
    Path samples = Path.of(args.length > 0 ? args[0] : "sample-images");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int workers = args.length > 2 ? Integer.parseInt(args[2])
        : Runtime.getRuntime().availableProcessors();
    int feedWorkers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Path modelDir = Path.of(args.length > 4 ? args[4] : "models/roadscan-damage");

    List<byte[]> frames = frames(samples.resolve("caliterra-aerial-nadir-djixmp.jpg"), 12);
    List<byte[]> photos = new ArrayList<>();
    try (var files = Files.list(samples)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
        photos.add(Files.readAllBytes(p));
      }
    }
    Vertx vertx = Vertx.vertx();
    AppConfig config = TestService.config(Files.createTempDirectory("roadscan-feed-bench"), null,
        Map.of(AppConfig.MODEL_DIR, modelDir.toString(), AppConfig.WORKERS,
            Integer.toString(workers), AppConfig.FEED_WORKERS, Integer.toString(feedWorkers)));
    RoadScanVerticle verticle = new RoadScanVerticle(config, Main.analyzers(),
        Main.captureValidator());
    await(vertx.deployVerticle(verticle), 600);
    int port = verticle.actualPort();
    WebClient client = TestService.client(vertx);
    AtomicInteger jobsDone = new AtomicInteger();
    vertx.eventBus().localConsumer(JobWorkers.FINISHED_ADDRESS, m -> jobsDone.incrementAndGet());
    System.out.printf(Locale.ROOT, "feed bench: %d survey worker(s), %d feed worker(s), %d cores,"
        + " frames 1920x1080 at %.0f/s, phases of %d s%n", workers, feedWorkers,
        Runtime.getRuntime().availableProcessors(), FRAMES_PER_S, seconds);

    feed(vertx, client, port, frames, 6, "warm-up", false); // JIT, not reported
    Phase alone = feed(vertx, client, port, frames, seconds, "feed alone", true);

    // a crew uploading a survey photo after photo (two requests in flight, as a page or script
    // does), through the feed phase and the phase after it: its uploads are blurred, stored and
    // analysed while the frames come
    Crew crew = new Crew(client, port, photos, 2);
    crew.start();
    while (jobsDone.get() == 0) { // the survey's photos are being blurred and analysed
      await(vertx.timer(100), 120);
    }
    int before = jobsDone.get();
    int uploadedBefore = crew.answered.get();
    long t0 = System.nanoTime();
    Phase during = feed(vertx, client, port, frames, seconds, "feed during survey", true);
    double s0 = (System.nanoTime() - t0) / 1e9;
    double surveyWithFeed = (jobsDone.get() - before) / s0;
    double uploadsWithFeed = (crew.answered.get() - uploadedBefore) / s0;
    int before2 = jobsDone.get();
    int uploadedBefore2 = crew.answered.get();
    long t1 = System.nanoTime();
    await(vertx.timer(seconds * 1000L), seconds + 10);
    double s1 = (System.nanoTime() - t1) / 1e9;
    double surveyAlone = (jobsDone.get() - before2) / s1;
    double uploadsAlone = (crew.answered.get() - uploadedBefore2) / s1;
    crew.running.set(false);
    System.out.printf(Locale.ROOT, "survey images/s analysed: %.2f during the feed, %.2f alone;"
        + " uploads answered/s: %.2f during the feed, %.2f alone (%d answered, %d failed)%n",
        surveyWithFeed, surveyAlone, uploadsWithFeed, uploadsAlone, crew.answered.get(),
        crew.failed.get());
    System.out.printf(Locale.ROOT, "summary: feed p50/p95/p99 alone %s; during survey %s;"
        + " dropped %d; survey %.2f img/s with feed, %.2f without%n", alone.percentiles(),
        during.percentiles(), during.dropped, surveyWithFeed, surveyAlone);
    await(vertx.close(), 60);
    System.exit(0);
  }

  /**
   * A crew's survey: photos uploaded to {@code /v1/captures} one after the other on {@code
   * inFlight} requests at once (each answered once its photo is blurred and stored), distinct
   * bytes each, until {@link #running} is cleared.
   */
  private static final class Crew {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final WebClient client;
    private final int port;
    private final List<byte[]> photos;
    private final int inFlight;

    Crew(WebClient client, int port, List<byte[]> photos, int inFlight) {
      this.client = client;
      this.port = port;
      this.photos = photos;
      this.inFlight = inFlight;
    }

    void start() {
      for (int k = 0; k < inFlight; k++) {
        sendNext();
      }
    }

    private void sendNext() {
      if (!running.get()) {
        return;
      }
      int i = next.getAndIncrement();
      byte[] bytes = unique(photos.get(i % photos.size()), i);
      client.post(port, "localhost", "/v1/captures").sendMultipartForm(MultipartForm.create()
              .binaryFileUpload("image", "survey-" + i + ".jpg", Buffer.buffer(bytes),
                  "image/jpeg"))
          .onComplete(done -> {
            if (done.succeeded() && done.result().statusCode() == 202) {
              answered.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
            sendNext();
          });
    }
  }

  /** Response times of one phase, ms, and how many frames were dropped or failed. */
  private record Phase(List<Long> latenciesMs, List<Long> analysedMs, List<Long> waitedMs,
      List<Long> anonymisedMs, int dropped, int failed) {
    String percentiles() {
      List<Long> sorted = new ArrayList<>(latenciesMs);
      Collections.sort(sorted);
      if (sorted.isEmpty()) {
        return "n/a";
      }
      return String.format(Locale.ROOT, "%d/%d/%d ms (n=%d)", at(sorted, 0.50), at(sorted, 0.95),
          at(sorted, 0.99), sorted.size());
    }

    private static long at(List<Long> sorted, double q) {
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
  }

  /** Sends frames at {@link #FRAMES_PER_S} for {@code seconds}, then waits for the answers. */
  private static Phase feed(Vertx vertx, WebClient client, int port, List<byte[]> frames,
      int seconds, String name, boolean report) {
    int count = (int) (seconds * FRAMES_PER_S);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Long> analysed = Collections.synchronizedList(new ArrayList<>());
    List<Long> waited = Collections.synchronizedList(new ArrayList<>());
    List<Long> anonymised = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger dropped = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Future<?>> answers = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger sent = new AtomicInteger();
    long period = (long) (1000 / FRAMES_PER_S);
    vertx.setPeriodic(1, period, timer -> {
      int i = sent.getAndIncrement();
      if (i >= count) {
        vertx.cancelTimer(timer);
        return;
      }
      long start = System.nanoTime();
      answers.add(client.post(port, "localhost", "/v1/feed/frames")
          .sendMultipartForm(MultipartForm.create()
              .binaryFileUpload("image", "frame.jpg", Buffer.buffer(frames.get(i % frames.size())),
                  "image/jpeg")
              .attribute("pose", POSE).attribute("incident", "bench"))
          .onSuccess(resp -> {
            if (resp.statusCode() == 200) {
              latencies.add((System.nanoTime() - start) / 1_000_000);
              JsonObject timing = resp.bodyAsJsonObject().getJsonObject("timing");
              analysed.add(timing.getLong("analysedMs"));
              waited.add(timing.getLong("waitedMs"));
              anonymised.add(timing.getLong("anonymisedMs"));
            } else if (resp.statusCode() == 429) {
              dropped.incrementAndGet();
            } else {
              failed.incrementAndGet();
              System.out.println("  frame refused: " + resp.statusCode() + " "
                  + resp.bodyAsString());
            }
          })
          .onFailure(err -> failed.incrementAndGet()));
    });
    while (sent.get() < count) {
      await(vertx.timer(100), 10);
    }
    await(Future.join(new ArrayList<>(answers)), 120);
    Phase phase = new Phase(List.copyOf(latencies), List.copyOf(analysed), List.copyOf(waited),
        List.copyOf(anonymised), dropped.get(), failed.get());
    if (report) {
      System.out.printf(Locale.ROOT, "%s: %d frames, p50/p95/p99 %s, dropped %d, failed %d;"
          + " median analysis %d ms (of it anonymisation %d ms), median wait in the lane %d ms%n",
          name, count, phase.percentiles(), phase.dropped, phase.failed,
          median(phase.analysedMs), median(phase.anonymisedMs), median(phase.waitedMs));
    }
    return phase;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }

  /** 16:9 crops of {@code source} at shifting offsets, each scaled to 1920 x 1080, JPEG. */
  private static List<byte[]> frames(Path source, int n) throws Exception {
    BufferedImage big = ImageIO.read(source.toFile());
    int cropW = Math.min(big.getWidth(), big.getHeight() * 16 / 9) * 3 / 4;
    int cropH = cropW * 9 / 16;
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int x = (big.getWidth() - cropW) * i / Math.max(1, n - 1);
      int y = (big.getHeight() - cropH) * (i % 3) / 2;
      BufferedImage frame = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = frame.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(big, 0, 0, 1920, 1080, x, y, x + cropW, y + cropH, null);
      g.dispose();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(frame, "jpg", bytes);
      out.add(bytes.toByteArray());
    }
    return out;
  }

  private static byte[] unique(byte[] jpeg, int i) {
    byte[] tail = ("feed-bench:" + i + ":" + System.nanoTime())
        .getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(jpeg, jpeg.length + tail.length);
    System.arraycopy(tail, 0, out, jpeg.length, tail.length);
    return out;
  }

  private static <T> T await(Future<T> future, long seconds) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
