package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.ImageStoreConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.S3Server;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.PrivacyModels;

/**
 * Images in an S3-compatible store (issue #32), on the user's path with real parts only: a real
 * S3 server in this JVM ({@link S3Server}: S3Proxy, AWS signature V4, over HTTP), the service
 * with {@code ROADSCAN_IMAGE_STORE=s3}, the shipped model, a real photo of {@code
 * sample-images/} uploaded over HTTP. The object appears in the bucket under the prefix and the
 * photo's SHA-256, holding its anonymised re-encoding (issue #31: the bucket never receives an
 * original); the frame and the box excerpt come back over HTTP from it; uploading the same
 * photo again stores nothing new; a survey's image part is anonymised from its spooled file; a service
 * started with one day of retention deletes the objects from the bucket and audits their {@code
 * s3://} locations, and the box is then served from the crop. A service whose bucket is missing
 * does not start, naming the key.
 */
class S3ImageStoreEndToEndTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");
  private static final Path MODEL = Path.of("..", "models", "roadscan-damage");
  private static final String PHOTO = "gelsenkirchen-bochumer-str-pothole.jpg";
  private static final String RAIN = "gelsenkirchen-bochumer-str-pothole-rain.jpg";
  private static final String BUCKET = "city-images";
  private static final String PREFIX = "roadscan/";
  private static final long TIMEOUT_MS = 180_000;

  private final Vertx vertx = Vertx.vertx();
  private S3Server s3;

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aPhotoIsStoredInTheBucketServedFromItAndDeletedFromItByRetention(@TempDir Path dataDir)
      throws Exception {
    s3 = S3Server.start();
    s3.createBucket(BUCKET);
    byte[] jpeg = Files.readAllBytes(SAMPLES.resolve(PHOTO));
    String sha256 = ImageStore.sha256(jpeg);
    String key = PREFIX + sha256.substring(0, 2) + "/" + sha256 + ".jpg";
    String dbUrl = SharedPostgres.newDatabaseUrl();
    Map<String, String> env = new HashMap<>(s3.config(BUCKET, PREFIX));
    env.put(AppConfig.MODEL_DIR, MODEL.toString());
    env.put(AppConfig.WORKERS, "1");
    env.put(AppConfig.FEED_WORKERS, "0");
    WebClient client = TestService.client(vertx);

    // 1. the service on the bucket analyses a real photo uploaded over HTTP
    RoadScanVerticle service = new RoadScanVerticle(TestService.config(dataDir, dbUrl, env),
        Main.analyzers(), Main.captureValidator());
    String deployment = await(vertx.deployVerticle(service));
    int port = service.actualPort();
    JsonObject job = uploadAndFinish(client, port, jpeg);
    assertThat(job.getString("state")).as(job.encode()).isEqualTo("done");
    long observationId = job.getJsonArray("observations").getJsonObject(0).getLong("id");

    Blob object = s3.blobStore().getBlob(BUCKET, key);
    assertThat(object).as("the photo in the bucket under its SHA-256").isNotNull();
    try (var in = object.getPayload().openStream()) {
      // issue #31: the bucket receives the anonymised re-encoding, never the upload
      assertThat(in.readAllBytes()).isNotEqualTo(jpeg).isEqualTo(anonymised(jpeg));
    }
    assertThat(dataDir.resolve("images")).as("no image directory beside the bucket")
        .doesNotExist();

    // 2. the frame and the box excerpt come back over HTTP, read from the bucket
    String image = "/v1/observations/" + observationId + "/image";
    HttpResponse<Buffer> frame = await(TestService.get(client, port, image + "?view=frame"));
    assertThat(frame.statusCode()).as(frame.bodyAsString()).isEqualTo(200);
    assertThat(frame.getHeader("Content-Type")).isEqualTo("image/jpeg");
    BufferedImage original = ImageIO.read(new ByteArrayInputStream(jpeg));
    BufferedImage served = decode(frame);
    assertThat(Math.max(served.getWidth(), served.getHeight())).isPositive()
        .isLessThanOrEqualTo(Math.max(original.getWidth(), original.getHeight()));
    HttpResponse<Buffer> box = await(TestService.get(client, port, image));
    assertThat(box.statusCode()).as(box.bodyAsString()).isEqualTo(200);
    assertThat(decode(box)).isNotNull();

    // 3. the same photo again: a job of its own, the one object unchanged
    JsonObject again = uploadAndFinish(client, port, jpeg);
    assertThat(again.getString("state")).isEqualTo("done");
    assertThat(s3.blobStore().countBlobs(BUCKET)).as("objects in the bucket").isEqualTo(1);
    assertThat(s3.blobStore().getBlob(BUCKET, key).getMetadata().getETag())
        .isEqualTo(object.getMetadata().getETag());

    // 4. a survey's image part, spooled to a file while it streams in, is anonymised from it
    byte[] rain = Files.readAllBytes(SAMPLES.resolve(RAIN));
    String rainKey = PREFIX + ImageStore.sha256(rain).substring(0, 2) + "/"
        + ImageStore.sha256(rain) + ".jpg";
    HttpResponse<Buffer> survey = await(client.post(port, "localhost", "/v1/surveys")
        .sendJsonObject(new JsonObject().put("name", "Bochumer Str.").put("kind", "drone")));
    assertThat(survey.statusCode()).as(survey.bodyAsString()).isEqualTo(201);
    long surveyId = survey.bodyAsJsonObject().getLong("id");
    HttpResponse<Buffer> media = await(client.post(port, "localhost",
        "/v1/surveys/" + surveyId + "/media").sendMultipartForm(MultipartForm.create()
        .binaryFileUpload("image", RAIN, Buffer.buffer(rain), "image/jpeg")));
    assertThat(media.statusCode()).as(media.bodyAsString()).isBetween(200, 202);
    Blob spooled = s3.blobStore().getBlob(BUCKET, rainKey);
    assertThat(spooled).as("the survey image in the bucket").isNotNull();
    try (var in = spooled.getPayload().openStream()) {
      assertThat(in.readAllBytes()).isNotEqualTo(rain).isEqualTo(anonymised(rain));
    }
    try (var left = Files.list(dataDir.resolve("uploads"))) {
      assertThat(left).as("no spooled file left behind").isEmpty();
    }
    surveyDone(client, port, surveyId);
    await(vertx.undeploy(deployment));

    // 5. a service with one day of retention deletes the 2 days old photo from the bucket
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx)
        .build();
    await(pool.query("UPDATE captures SET received_at = now() - interval '2 days'").execute());
    env.put(AppConfig.IMAGE_RETENTION_DAYS, "1");
    env.put(AppConfig.WORKERS, "0");
    RoadScanVerticle retaining = new RoadScanVerticle(TestService.config(dataDir, dbUrl, env),
        Main.analyzers(), Main.captureValidator());
    await(vertx.deployVerticle(retaining));
    Row audit = removed(pool, sha256, 400);
    assertThat(audit.getString("kind")).isEqualTo("capture-image");
    assertThat(audit.getString("file")).isEqualTo("s3://" + BUCKET + "/" + key);
    assertThat(s3.blobStore().blobExists(BUCKET, key)).as("deleted from the bucket").isFalse();
    assertThat(removed(pool, ImageStore.sha256(rain), 400).getString("file"))
        .isEqualTo("s3://" + BUCKET + "/" + rainKey);
    assertThat(s3.blobStore().countBlobs(BUCKET)).as("the bucket emptied").isZero();

    int after = retaining.actualPort();
    HttpResponse<Buffer> gone = await(TestService.get(client, after, image + "?view=frame"));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.bodyAsJsonObject().getString("type")).isEqualTo(ProblemType.IMAGE_GONE.uri());
    HttpResponse<Buffer> crop = await(TestService.get(client, after, image));
    assertThat(crop.statusCode()).as("the box from the crop kept").isEqualTo(200);
    assertThat(crop.getHeader("ETag")).endsWith("-crop\"");
    await(pool.close());
  }

  private JsonObject uploadAndFinish(WebClient client, int port, byte[] jpeg) {
    HttpResponse<Buffer> accepted = await(TestService.upload(client, port, "image", PHOTO, jpeg));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String url = accepted.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0)
        .getString("url");
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (true) {
      JsonObject job = await(TestService.get(client, port, url)).bodyAsJsonObject();
      String state = job.getString("state");
      if ("done".equals(state) || "failed".equals(state)) {
        return job;
      }
      assertThat(System.currentTimeMillis()).as(url + " still " + state).isLessThan(deadline);
      await(vertx.timer(100));
    }
  }

  @Test
  void aServiceWhoseBucketIsMissingDoesNotStartAndSaysWhichKey(@TempDir Path dataDir)
      throws Exception {
    s3 = S3Server.start();
    Map<String, String> env = new HashMap<>(s3.config("no-such-bucket", ""));
    env.put(AppConfig.WORKERS, "0");
    env.put(AppConfig.FEED_WORKERS, "0");
    RoadScanVerticle service = new RoadScanVerticle(TestService.config(dataDir,
        SharedPostgres.newDatabaseUrl(), env), Main.analyzers(), Main.captureValidator());

    Throwable refused = vertx.deployVerticle(service).toCompletionStage().toCompletableFuture()
        .handle((id, err) -> err).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);

    assertThat(refused).isNotNull().hasMessageContaining(ImageStoreConfig.S3_BUCKET)
        .hasMessageContaining("no-such-bucket")
        .hasMessageNotContaining(S3Server.SECRET_KEY);
    assertThat(service.actualPort()).as("never listened").isEqualTo(-1);
  }

  private void surveyDone(WebClient client, int port, long surveyId) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (true) {
      JsonObject survey = await(TestService.get(client, port, "/v1/surveys/" + surveyId))
          .bodyAsJsonObject();
      if ("done".equals(survey.getString("state"))) {
        return;
      }
      assertThat(System.currentTimeMillis()).as("survey " + survey).isLessThan(deadline);
      await(vertx.timer(100));
    }
  }

  /** The audit row of {@code sha256} once its object is removed; polls about 10 s. */
  private Row removed(Pool pool, String sha256, int attempts) {
    for (int i = 0; i < attempts; i++) {
      RowSet<Row> rows = await(pool.preparedQuery("SELECT kind, sha256, file"
          + " FROM retention_deletions WHERE file_removed AND sha256 = $1")
          .execute(Tuple.of(sha256)));
      if (rows.size() > 0) {
        return rows.iterator().next();
      }
      await(vertx.timer(25));
    }
    throw new AssertionError("no deletion recorded");
  }

  /** What the shipped anonymiser makes of {@code jpeg} (it is deterministic). */
  private static byte[] anonymised(byte[] jpeg) throws Exception {
    try (Anonymizer anonymizer = new Anonymizer(PrivacyModels.load(TestService.PRIVACY_MODELS))) {
      return anonymizer.anonymize(jpeg, PixelLimit.DEFAULT).jpeg();
    }
  }

  private static BufferedImage decode(HttpResponse<Buffer> response) throws Exception {
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(response.body().getBytes()));
    assertThat(picture).as("a JPEG").isNotNull();
    return picture;
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
