package org.roadscan.api.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.capture.DirectoryImageBlobs;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.retention.CropStore;
import org.roadscan.api.retention.ImageRetention;
import org.roadscan.api.retention.PgRetention;
import org.roadscan.api.survey.MediaStore;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.FakeAnonymiser;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.PrivacyModels;
import org.roadscan.detector.privacy.PrivacyRegion;

/**
 * Issue #31: an image with faces, uploaded through {@code POST /v1/captures} and through a
 * survey's media upload (the streamed path), is stored anonymised and served anonymised: in the
 * file under {@code data/images} and in {@code GET /v1/observations/{id}/image?view=frame}, the
 * pedestrians' faces (boxes set by eye) changed and lost their detail, and every pixel away from
 * the blurred regions is as uploaded up to JPEG re-encoding. The image's key stays the SHA-256 of
 * the upload; the job and the damage show how many faces were blurred by which detector. A photo
 * uploaded again after retention deleted its image is stored anonymised again, and the next
 * retention run deletes it again (audited twice). The real service, HTTP, PostgreSQL and
 * anonymiser; only the damage model is scripted (what it finds does not matter here).
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnonymisedImagesWithFakeAnalyzerTest {

  /** Crop of OpenSfM's berlin_01.jpg (BSD-2), the detector's test fixture; 1800 x 448 px. */
  private static final String STEPS = "/privacy/berlin-cathedral-steps.jpg";
  /** Faces on the steps, by eye (px): two women walking left, the man in red higher up. */
  private static final List<PixelBox> FACES = List.of(new PixelBox(132, 280, 158, 320),
      new PixelBox(320, 255, 341, 283), new PixelBox(961, 112, 977, 132));
  /** Where the scripted damage is: away from the people. */
  private static final PixelBox DAMAGE_BOX = new PixelBox(1450, 330, 1650, 430);
  private static final Instant TAKEN = Instant.parse("2026-10-14T09:12:03Z");

  private static byte[] upload;
  private static byte[] surveyUpload;
  private static AppConfig config;
  private static WebClient client;
  private static int port;
  private static Pool pool;
  private static Anonymizer anonymizer;
  private static JsonObject captureJob;
  private static JsonObject surveyJob;

  @BeforeAll
  static void start(Vertx vertx, @TempDir Path dataDir) throws Exception {
    upload = resource(STEPS);
    // the same picture with a comment segment: other bytes, so the survey stores its own copy
    surveyUpload = withComment(upload, "survey copy");
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    for (byte[] jpeg : List.of(upload, surveyUpload)) {
      analyzer.script(jpeg, TestCaptures.analysis(TAKEN, TestCaptures.observation("D40",
          jpeg == upload ? 0 : 300, 0, 1.0, 1.0, 0.8, DAMAGE_BOX)));
    }
    String dbUrl = SharedPostgres.newDatabaseUrl();
    config = TestService.config(dataDir, dbUrl, Map.of());
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> analyzer,
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    client = TestService.client(vertx);
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx).build();
    anonymizer = new Anonymizer(PrivacyModels.load(TestService.PRIVACY_MODELS));

    HttpResponse<Buffer> accepted = Await.result(TestService.upload(client, port, "image",
        "steps.jpg", upload));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    captureJob = done(vertx, accepted.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0)
        .getString("url"));

    HttpResponse<Buffer> survey = Await.result(client.post(port, "localhost", "/v1/surveys")
        .sendJsonObject(new JsonObject().put("name", "steps").put("kind", "drone")));
    assertThat(survey.statusCode()).as(survey.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> media = Await.result(client.post(port, "localhost", "/v1/surveys/"
            + survey.bodyAsJsonObject().getLong("id") + "/media")
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("image", "steps-2.jpg",
            Buffer.buffer(surveyUpload), "image/jpeg")));
    assertThat(media.statusCode()).as(media.bodyAsString()).isBetween(200, 202);
    JsonObject part = media.bodyAsJsonObject().getJsonArray("accepted").getJsonObject(0);
    surveyJob = done(vertx, part.getString("job"));
  }

  @AfterAll
  static void stop() {
    if (anonymizer != null) {
      anonymizer.close();
    }
  }

  @Test
  @Order(1)
  void anUploadIsStoredUnderItsOwnHashWithTheFacesBlurredAndTheRestUnchanged() throws Exception {
    Path file = new DirectoryImageBlobs(config.imageDir()).pathOf(
        ImageStore.sha256(upload));
    assertThat(file).exists();
    byte[] stored = Files.readAllBytes(file);
    assertThat(stored).isNotEqualTo(upload);
    assertBlurredAndOtherwiseUnchanged(upload, stored, List.of(), 2.0);
  }

  @Test
  @Order(2)
  void aSurveyImageStreamedToDiskIsStoredAnonymisedAndItsSpooledUploadIsGone()
      throws Exception {
    Path file = new DirectoryImageBlobs(config.imageDir()).pathOf(
        ImageStore.sha256(surveyUpload));
    assertBlurredAndOtherwiseUnchanged(surveyUpload, Files.readAllBytes(file), List.of(), 2.0);
    try (var spooled = Files.list(config.uploadDir())) {
      assertThat(spooled).as("no original left in the upload directory").isEmpty();
    }
  }

  @Test
  @Order(3)
  void theServedFrameIsTheAnonymisedImage() throws Exception {
    ImageStore images = new ImageStore(config.imageDir(), FakeAnonymiser.UNUSED);
    for (JsonObject job : List.of(captureJob, surveyJob)) {
      long observation = job.getJsonArray("observations").getJsonObject(0).getLong("id");
      HttpResponse<Buffer> frame = Await.result(TestService.get(client, port,
          "/v1/observations/" + observation + "/image?view=frame&size=1800"));
      assertThat(frame.statusCode()).isEqualTo(200);
      assertThat(frame.getHeader("Content-Type")).isEqualTo("image/jpeg");
      // the amber outline of the damage's box is drawn on the frame: kept out of the comparison
      Rect outline = new Rect((int) DAMAGE_BOX.x0() - 16, (int) DAMAGE_BOX.y0() - 16,
          (int) DAMAGE_BOX.width() + 32, (int) DAMAGE_BOX.height() + 32);
      byte[] sent = job == captureJob ? upload : surveyUpload;
      Mat served = ImageDecoder.decodeJpeg(frame.body().getBytes());
      Mat original = ImageDecoder.decodeJpeg(sent);
      Mat stored = ImageDecoder.decodeJpeg(images.read(ImageStore.sha256(sent)));
      assertThat(served.size()).isEqualTo(original.size());
      Mat fromOriginal = new Mat();
      Core.absdiff(original, served, fromOriginal);
      Mat fromStored = new Mat();
      Core.absdiff(stored, served, fromStored);
      for (PixelBox face : FACES) {
        Rect r = Anonymizer.widened(face, original.cols(), original.rows());
        assertThat(Core.mean(fromOriginal.submat(r)).val[0]).as("face " + face + " as sent")
            .isGreaterThan(4.0);
        assertThat(Core.mean(fromStored.submat(r)).val[0]).as("face " + face + " as stored")
            .isLessThan(3.0);
      }
      // the whole frame is the stored, anonymised image (up to one more JPEG encoding)
      Mat away = new Mat(original.size(), CvType.CV_8UC1, new Scalar(255));
      away.submat(outline).setTo(new Scalar(0));
      Scalar mean = Core.mean(fromStored, away);
      for (int c = 0; c < 3; c++) {
        assertThat(mean.val[c]).as("served vs stored, channel " + c).isLessThan(3.0);
      }
    }
  }

  @Test
  @Order(4)
  void theJobAndTheDamageSayWhatWasBlurredAndByWhichDetector() {
    for (JsonObject job : List.of(captureJob, surveyJob)) {
      JsonObject privacy = job.getJsonObject("privacy");
      assertThat(privacy).as(job.encode()).isNotNull();
      assertThat(privacy.getInteger("faces")).isGreaterThanOrEqualTo(FACES.size());
      assertThat(privacy.getInteger("plates")).isNotNull();
      assertThat(privacy.getString("detector")).isEqualTo(Anonymizer.detectorVersion());
      assertThat(privacy.getString("anonymisedAt")).isNotBlank();
      JsonObject observation = job.getJsonArray("observations").getJsonObject(0);
      JsonArray observations = Await.result(TestService.get(client, port, "/v1/damages/"
          + observation.getLong("damageId"))).bodyAsJsonObject().getJsonArray("observations");
      JsonObject shown = observations.stream().map(JsonObject.class::cast)
          .filter(o -> o.getLong("id").equals(observation.getLong("id"))).findFirst()
          .orElseThrow();
      assertThat(shown.getJsonObject("privacy")).isEqualTo(privacy);
    }
    Row row = Await.result(pool.preparedQuery("SELECT faces, plates, detector_version"
        + " FROM image_privacy WHERE image_sha256 = $1")
        .execute(Tuple.of(ImageStore.sha256(upload)))).iterator().next();
    assertThat(row.getInteger("faces")).isEqualTo(captureJob.getJsonObject("privacy")
        .getInteger("faces"));
  }

  /** Last: it deletes and re-stores the first upload's image. */
  @Test
  @Order(5)
  void aPhotoUploadedAgainAfterRetentionIsStoredAnonymisedAndDeletedAgain(Vertx vertx)
      throws Exception {
    String sha256 = ImageStore.sha256(upload);
    ImageStore images = new ImageStore(config.imageDir(), FakeAnonymiser.UNUSED);
    byte[] firstCopy = images.read(sha256);
    Await.result(pool.preparedQuery("UPDATE captures SET received_at = now() - interval"
        + " '200 days' WHERE sha256 = $1").execute(Tuple.of(sha256)));
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("test-retention", 1);
    ImageRetention retention = new ImageRetention(new ImageRetention.Services(
        new PgRetention(pool), images, new CropStore(config.cropDir()),
        new MediaStore(config.mediaDir()), config.dataDir(), executor, 180));
    assertThat(Await.result(retention.run(Instant.now())).images()).isEqualTo(1);
    assertThat(images.contains(sha256)).isFalse();

    HttpResponse<Buffer> again = Await.result(TestService.upload(client, port, "image",
        "steps-again.jpg", upload));
    assertThat(again.statusCode()).isEqualTo(202);
    JsonObject job = done(vertx, again.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0)
        .getString("url"));
    // a duplicate in the register (nothing counted twice), its image stored again: anonymised,
    // the very bytes of the first copy (the anonymiser is deterministic)
    assertThat(job.getLong("captureId")).isEqualTo(captureJob.getLong("captureId"));
    assertThat(images.read(sha256)).isEqualTo(firstCopy);
    assertThat(Await.result(pool.preparedQuery("SELECT image_deleted_at FROM captures"
        + " WHERE sha256 = $1").execute(Tuple.of(sha256))).iterator().next()
        .getValue("image_deleted_at")).as("due for deletion again").isNull();

    assertThat(Await.result(retention.run(Instant.now())).images()).isEqualTo(1);
    assertThat(images.contains(sha256)).isFalse();
    assertThat(Await.result(pool.preparedQuery("SELECT count(*) FROM retention_deletions"
        + " WHERE sha256 = $1 AND file_removed").execute(Tuple.of(sha256))).iterator().next()
        .getLong(0)).isEqualTo(2);
    Await.result(executor.close());
  }

  /**
   * The faces set by eye changed and lost their detail; away from every region the anonymiser
   * blurs (and from {@code alsoExcluded}), the mean change per channel is under {@code
   * maxMeanChange} (JPEG re-encoding).
   */
  private static void assertBlurredAndOtherwiseUnchanged(byte[] original, byte[] stored,
      List<Rect> alsoExcluded, double maxMeanChange) throws Exception {
    Mat before = ImageDecoder.decodeJpeg(original);
    Mat after = ImageDecoder.decodeJpeg(stored);
    assertThat(after.size()).isEqualTo(before.size());
    Mat diff = new Mat();
    Core.absdiff(before, after, diff);
    for (PixelBox face : FACES) {
      Rect r = Anonymizer.widened(face, before.cols(), before.rows());
      assertThat(Core.mean(diff.submat(r)).val[0]).as("change in face " + face)
          .isGreaterThan(4.0);
      assertThat(detail(after.submat(r))).as("detail left in face " + face)
          .isLessThan(detail(before.submat(r)) / 2);
    }
    Mat outside = new Mat(before.size(), CvType.CV_8UC1, new Scalar(255));
    List<Rect> excluded = new ArrayList<>(alsoExcluded);
    for (PrivacyRegion region : anonymizer.find(before)) {
      Rect w = Anonymizer.widened(region.box(), before.cols(), before.rows());
      // with the 8 px JPEG blocks that straddle the region's edge
      excluded.add(new Rect(w.x - 8, w.y - 8, w.width + 16, w.height + 16));
    }
    for (Rect r : excluded) {
      int x0 = Math.max(0, r.x);
      int y0 = Math.max(0, r.y);
      int x1 = Math.min(before.cols(), r.x + r.width);
      int y1 = Math.min(before.rows(), r.y + r.height);
      outside.submat(new Rect(x0, y0, x1 - x0, y1 - y0)).setTo(new Scalar(0));
    }
    assertThat(Core.countNonZero(outside)).as("most of the picture is compared")
        .isGreaterThan(before.rows() * before.cols() * 3 / 4);
    Scalar mean = Core.mean(diff, outside);
    for (int c = 0; c < 3; c++) {
      assertThat(mean.val[c]).as("mean change away from the blurred regions, channel " + c)
          .isLessThan(maxMeanChange);
    }
  }

  /** Mean absolute difference between horizontally adjacent pixels: edges, texture. */
  private static double detail(Mat roi) {
    Mat d = new Mat();
    Core.absdiff(roi.colRange(1, roi.cols()), roi.colRange(0, roi.cols() - 1), d);
    Scalar m = Core.mean(d);
    return (m.val[0] + m.val[1] + m.val[2]) / 3;
  }

  private static JsonObject done(Vertx vertx, String jobUrl) {
    JsonObject job = Await.result(TestService.finishedJob(vertx, client, port, jobUrl));
    assertThat(job.getString("state")).as(job.encode()).isEqualTo("done");
    return job;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = AnonymisedImagesWithFakeAnalyzerTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** {@code jpeg} with a COM segment after its SOI marker: other bytes, the same pixels. */
  private static byte[] withComment(byte[] jpeg, String comment) {
    byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
    int length = text.length + 2;
    byte[] out = new byte[jpeg.length + 2 + length];
    out[0] = jpeg[0];
    out[1] = jpeg[1];
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xFE;
    out[4] = (byte) (length >> 8);
    out[5] = (byte) length;
    System.arraycopy(text, 0, out, 6, text.length);
    System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
    return out;
  }
}
