package org.roadscan.api.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opencv.core.Mat;
import org.roadscan.api.Main;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.DjlCaptureAnalyzer;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.Letterbox;
import org.roadscan.detector.model.DamageModel;

/**
 * Images per second through the whole service (multipart upload → job → decode, metadata, model,
 * projection → register in PostgreSQL → job done) beside the bare model forward pass on the same
 * images, in one run, and their ratio. Not a test: run it with {@code bench/pipeline.sh}.
 *
 * <p>Both sides use the same number of workers and intra-op threads (cores / workers). Every
 * pipeline upload gets distinct bytes (a counter appended after the JPEG's end marker, which
 * decoders ignore) so the register's duplicate-photo check never short-cuts the work.
 */
public final class PipelineBench {

  private static final long TIMEOUT_S = 600;
  /**
   * Untimed passes over the images per thread before the bare forward and the detector pipeline
   * are timed: with one pass the JIT had not compiled the Java pre- and post-processing yet, and
   * the detector pipeline measured 0.66 of the bare forward instead of 0.93.
   */
  /** Alternating blocks of bare forward and detector pipeline. */
  private static final int BLOCKS = 9;

  private PipelineBench() {
  }

  public static void main(String[] args) throws Exception {
    Path samples = Path.of(args.length > 0 ? args[0] : "sample-images");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int workers = args.length > 2 ? Integer.parseInt(args[2])
        : Runtime.getRuntime().availableProcessors();
    Path modelDir = Path.of(args.length > 3 ? args[3] : "models/roadscan-damage");
    List<byte[]> images = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (var files = Files.list(samples)) {
      for (Path p : files.filter(f -> f.getFileName().toString().contains("pothole")
          && f.toString().endsWith(".jpg")).sorted().toList()) {
        images.add(Files.readAllBytes(p));
        names.add(p.getFileName().toString());
      }
    }
    int n = rounds * images.size();
    System.out.printf(Locale.ROOT, "images: %s; rounds %d (%d images); workers %d; cores %d%n",
        names, rounds, n, workers, Runtime.getRuntime().availableProcessors());

    double[] ratios = alternating(modelDir, images, rounds, workers, BLOCKS);
    double bare = ratios[0];
    double pipeline = pipeline(modelDir, images, rounds, workers);
    System.out.printf(Locale.ROOT, "bare forward (median block):     %.2f images/s%n", bare);
    System.out.printf(Locale.ROOT, "service pipeline:  %.2f images/s (upload -> register)%n",
        pipeline);
    System.out.printf(Locale.ROOT, "ratio detector pipeline / bare forward (median of %d "
        + "blocks): %.2f%n", BLOCKS, ratios[1]);
    System.out.printf(Locale.ROOT, "ratio service pipeline / bare forward:  %.2f%n",
        pipeline / bare);
    System.exit(0);
  }

  /**
   * Bare forward and detector pipeline, {@code blocks} blocks of {@code rounds} passes over the
   * images each, on the same {@code workers} threads. Inside a block the two alternate in slices
   * of one pass per worker, so this machine's noise (other tenants, CPU frequency) hits both
   * alike. Prints every block; returns the median bare forward rate and the median of the blocks'
   * ratios detector / bare.
   */
  static double[] alternating(Path modelDir, List<byte[]> images, int rounds, int workers,
      int blocks) throws Exception {
    int intraOp = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try (DamageModel model = DamageModel.builder().setModelDir(modelDir)
        .optIntraOpThreads(intraOp).build();
        DjlCaptureAnalyzer analyzer = DjlCaptureAnalyzer.load(modelDir, workers)) {
      int size = model.spec().inputSize();
      List<float[]> inputs = new ArrayList<>();
      for (byte[] jpeg : images) {
        Mat bgr = ImageDecoder.decodeJpeg(jpeg);
        inputs.add(Letterbox.of(bgr.cols(), bgr.rows(), size).toInput(bgr));
        bgr.release();
      }
      List<ai.djl.inference.Predictor<?, ?>> predictors =
          java.util.Collections.synchronizedList(new ArrayList<>());
      ThreadLocal<ai.djl.inference.Predictor<ai.djl.ndarray.NDList, ai.djl.ndarray.NDList>> predictor =
          ThreadLocal.withInitial(() -> {
            var p = model.newPredictor();
            predictors.add(p);
            return p;
          });
      BenchTask forward = i -> model.forward(predictor.get(), inputs.get(i % inputs.size()));
      BenchTask analyze = i -> analyzer.analyze(images.get(i % images.size()),
          CaptureContext.NONE);
      // untimed: two blocks' worth of each. With 5 passes, and still with one block, the first
      // two timed blocks came out lowest in every run (0.80-0.86 against 0.88-0.95 later):
      // -XX:+PrintCompilation showed the JIT compiling some 30 methods/s until 40 s in
      for (int i = 0; i < 2; i++) {
        run(pool, workers, rounds * images.size(), forward);
        run(pool, workers, rounds * images.size(), analyze);
      }
      // within a block the two alternate every images x workers tasks (a fraction of a second),
      // so that a burst of load from another tenant hits both alike
      int slice = images.size() * workers;
      int slices = Math.max(1, rounds / workers);
      double[] bare = new double[blocks];
      double[] ratio = new double[blocks];
      for (int b = 0; b < blocks; b++) {
        double bareSeconds = 0;
        double detectorSeconds = 0;
        for (int i = 0; i < slices; i++) {
          bareSeconds += slice / run(pool, workers, slice, forward);
          detectorSeconds += slice / run(pool, workers, slice, analyze);
        }
        bare[b] = slices * slice / bareSeconds;
        double detector = slices * slice / detectorSeconds;
        ratio[b] = detector / bare[b];
        System.out.printf(Locale.ROOT, "  block %d: bare forward %.2f images/s, detector pipeline "
            + "%.2f images/s (JPEG bytes -> analysis), ratio %.2f%n", b + 1, bare[b], detector,
            ratio[b]);
      }
      predictors.forEach(ai.djl.inference.Predictor::close);
      Arrays.sort(bare);
      Arrays.sort(ratio);
      return new double[] {bare[blocks / 2], ratio[blocks / 2]};
    } finally {
      pool.shutdown();
    }
  }

  /** One image's work in a benchmark block. */
  private interface BenchTask {
    void run(int index) throws Exception;
  }

  /** Runs tasks 0..total-1 on {@code workers} threads of {@code pool}; returns tasks/s. */
  private static double run(ExecutorService pool, int workers, int total, BenchTask task)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      done.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
          task.run(i);
        }
        return null;
      }));
    }
    for (var f : done) {
      f.get();
    }
    return total / ((System.nanoTime() - start) / 1e9);
  }

  /** The service with its embedded PostgreSQL and {@code workers} inference workers. */
  static double pipeline(Path modelDir, List<byte[]> images, int rounds, int workers)
      throws Exception {
    Path dataDir = Files.createTempDirectory("roadscan-bench");
    Vertx vertx = Vertx.vertx();
    AppConfig config = TestService.config(dataDir, null, java.util.Map.of(
        AppConfig.MODEL_DIR, modelDir.toString(), AppConfig.WORKERS, Integer.toString(workers)));
    RoadScanVerticle verticle = new RoadScanVerticle(config, Main::loadAnalyzer,
        Main.captureValidator());
    await(vertx.deployVerticle(verticle));
    int port = verticle.actualPort();
    WebClient client = TestService.client(vertx);
    while (await(client.get(port, "localhost", "/health").send()).statusCode() != 200) {
      await(vertx.timer(100));
    }
    // Warm-up, not timed: as many uploads as the timed run. With one pass over the images the JIT
    // compiler threads still took a third of the CPU during the timed run (perf), a cost a
    // long-running service pays once.
    runAll(vertx, client, port, images, rounds, -1);
    long start = System.nanoTime();
    int total = runAll(vertx, client, port, images, rounds, 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    await(vertx.close());
    return total / seconds;
  }

  /**
   * Uploads every image at once, then waits for the jobs one after the other (they are claimed in
   * upload order), so that polling adds about ten requests a second, not one per job.
   */
  private static int runAll(Vertx vertx, WebClient client, int port, List<byte[]> images,
      int rounds, int salt) {
    List<Future<String>> accepted = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < images.size(); i++) {
        byte[] bytes = unique(images.get(i), salt, r, i);
        accepted.add(client.post(port, "localhost", "/v1/captures")
            .sendMultipartForm(MultipartForm.create().binaryFileUpload("image",
                "bench-" + r + "-" + i + ".jpg", Buffer.buffer(bytes), "image/jpeg"))
            .map(resp -> {
              if (resp.statusCode() != 202) {
                throw new IllegalStateException("upload refused: " + resp.bodyAsString());
              }
              return resp.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0)
                  .getString("url");
            }));
      }
    }
    long t0 = System.nanoTime();
    await(Future.all(accepted));
    long t1 = System.nanoTime();
    for (Future<String> url : accepted) {
      await(url.compose(u -> untilDone(vertx, client, port, u)));
    }
    if (salt >= 0) {
      System.out.printf(Locale.ROOT, "  all %d uploads accepted after %.2f s, all jobs done after %.2f s%n",
          accepted.size(), (t1 - t0) / 1e9, (System.nanoTime() - t0) / 1e9);
    }
    return accepted.size();
  }

  private static Future<JsonObject> untilDone(Vertx vertx, WebClient client, int port,
      String url) {
    return client.get(port, "localhost", url).send().compose(resp -> {
      JsonObject job = resp.bodyAsJsonObject();
      String state = job.getString("state");
      if ("done".equals(state)) {
        return Future.succeededFuture(job);
      }
      if ("failed".equals(state)) {
        return Future.failedFuture(new IllegalStateException("job failed: " + job.encode()));
      }
      return vertx.timer(100).compose(t -> untilDone(vertx, client, port, url));
    });
  }

  private static byte[] unique(byte[] jpeg, int salt, int round, int index) {
    byte[] tail = String.format(Locale.ROOT, "bench:%d:%d:%d:%d", salt, round, index,
        System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(jpeg, jpeg.length + tail.length);
    System.arraycopy(tail, 0, out, jpeg.length, tail.length);
    return out;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
