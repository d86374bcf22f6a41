package org.roadscan.api.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.capture.DirectoryImageBlobs;
import org.roadscan.api.testing.FakeAnonymiser;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.survey.MediaStore;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestRegister;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.PixelBox;

/**
 * Retention (issue #31) over the real register, server and files, from real photos of {@code
 * sample-images/} placed by a scripted analyzer: the Cranger Straße photo is made 200 days old,
 * the Bochumer Straße photo stays young, the rain photo plays a run that crashed after its
 * deletion was audited, and a finished survey video is old. One retention run of 180 days, then
 * the answers are checked.
 */
@ExtendWith(VertxExtension.class)
class RetentionWithFakeAnalyzerTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");
  private static final Instant MONDAY = Instant.parse("2026-10-12T09:00:00Z");
  private static final String OLD = "gelsenkirchen-cranger-str-pothole.jpg";
  private static final String YOUNG = "gelsenkirchen-bochumer-str-pothole.jpg";
  private static final String CRASHED = "gelsenkirchen-bochumer-str-pothole-rain.jpg";
  private static final String VIDEO_SHA = "a1".repeat(32);
  private static final String SRT_SHA = "b2".repeat(32);

  private static int port;
  private static WebClient client;
  private static Pool pool;
  private static AppConfig config;
  private static final Map<String, String> SHA256 = new HashMap<>();
  private static final Map<String, Long> OBSERVATION = new HashMap<>();
  private static ImageRetention.Report report;
  private static ImageRetention.Report again;
  private static Path video;
  private static Path telemetry;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) throws IOException {
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    MultipartForm form = MultipartForm.create();
    Map<String, PixelBox> photos = Map.of(OLD, new PixelBox(100, 100, 300, 250),
        YOUNG, new PixelBox(200, 300, 400, 450), CRASHED, new PixelBox(180, 280, 420, 470));
    double eastM = 0;
    for (Map.Entry<String, PixelBox> photo : photos.entrySet()) {
      byte[] jpeg = Files.readAllBytes(SAMPLES.resolve(photo.getKey()));
      analyzer.script(jpeg, TestCaptures.analysis(MONDAY, TestCaptures.observation("D40",
          eastM, 0, 1.0, 1.0, 0.7, photo.getValue())));
      eastM += 200;
      form.binaryFileUpload("image", photo.getKey(), Buffer.buffer(jpeg), "image/jpeg");
      SHA256.put(photo.getKey(), ImageStore.sha256(jpeg));
    }
    String dbUrl = SharedPostgres.newDatabaseUrl();
    config = TestService.config(dataDir, dbUrl, Map.of());
    client = TestService.client(vertx);
    TestRegister.Started started = Await.result(
        TestRegister.start(vertx, client, dataDir, dbUrl, analyzer, form));
    port = started.port();
    for (JsonObject job : started.jobs()) {
      OBSERVATION.put(job.getString("fileName"),
          job.getJsonArray("observations").getJsonObject(0).getLong("id"));
    }
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx).build();
    sql("UPDATE captures SET received_at = now() - interval '200 days' WHERE sha256 IN ($1, $2)",
        Tuple.of(SHA256.get(OLD), SHA256.get(CRASHED)));
    oldFinishedVideo();

    WorkerExecutor executor = vertx.createSharedWorkerExecutor("test-retention", 1);
    PgRetention register = new PgRetention(pool);
    ImageStore images = new ImageStore(config.imageDir(), FakeAnonymiser.UNUSED);
    ImageRetention retention = new ImageRetention(new ImageRetention.Services(register, images,
        new CropStore(config.cropDir()), new MediaStore(config.mediaDir()), config.dataDir(),
        executor, 180));
    // a run that crashed after auditing the rain photo's deletion, before removing its file
    PgRetention.DueCapture crashed = Await.result(register.dueCaptures(Instant.now()
        .minusSeconds(180L * 86_400), 10)).stream()
        .filter(c -> c.sha256().equals(SHA256.get(CRASHED))).findFirst().orElseThrow();
    Await.result(register.markCapture(crashed,
        config.dataDir().relativize(new DirectoryImageBlobs(config.imageDir()).pathOf(crashed.sha256())).toString(), "test crash",
        0));
    assertThat(images.contains(SHA256.get(CRASHED))).as("still there after the 'crash'").isTrue();

    report = Await.result(retention.run(Instant.now()));
    again = Await.result(retention.run(Instant.now()));
    tc.completeNow();
  }

  /** A survey video and its telemetry, expansion done, created 200 days ago, with its files. */
  private static void oldFinishedVideo() throws IOException {
    MediaStore media = new MediaStore(config.mediaDir());
    video = media.pathOf(VIDEO_SHA, "mp4");
    telemetry = media.pathOf(SRT_SHA, "srt");
    for (Path file : List.of(video, telemetry)) {
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[] {1, 2, 3});
    }
    long survey = sql("INSERT INTO surveys (name, kind, profile) VALUES ('old', 'drone', '{}')"
        + " RETURNING id", Tuple.tuple()).iterator().next().getLong(0);
    sql("""
        INSERT INTO survey_media (survey_id, kind, state, file_name, sha256, bytes, telemetry_kind,
          telemetry_file_name, telemetry_sha256, created_at)
        VALUES ($1, 'video', 'done', 'DJI_0001.MP4', $2, 3, 'srt', 'DJI_0001.SRT', $3,
          now() - interval '200 days')""", Tuple.of(survey, VIDEO_SHA, SRT_SHA));
  }

  private static RowSet<Row> sql(String sql, Tuple args) {
    return Await.result(pool.preparedQuery(sql).execute(args));
  }

  private static HttpResponse<Buffer> get(String path) {
    return Await.result(TestService.get(client, port, path));
  }

  private static String imageOf(String sample) {
    return "/v1/observations/" + OBSERVATION.get(sample) + "/image";
  }

  @Test
  void anOldCapturesImageIsDeletedAndAYoungOneKept() throws IOException {
    ImageStore images = new ImageStore(config.imageDir(), FakeAnonymiser.UNUSED);
    assertThat(images.contains(SHA256.get(OLD))).isFalse();
    assertThat(images.contains(SHA256.get(YOUNG))).isTrue();
    assertThat(report.images()).isEqualTo(1);
    assertThat(report.crops()).isEqualTo(1);
    assertThat(again.images() + again.videos() + again.finished()).as("nothing left to do")
        .isZero();

    Map<String, Boolean> deleted = new HashMap<>();
    for (Row row : sql("SELECT sha256, image_deleted_at IS NOT NULL AS gone FROM captures",
        Tuple.tuple())) {
      deleted.put(row.getString("sha256").trim(), row.getBoolean("gone"));
    }
    assertThat(deleted).containsEntry(SHA256.get(OLD), true)
        .containsEntry(SHA256.get(CRASHED), true).containsEntry(SHA256.get(YOUNG), false);
    assertThat(get(imageOf(YOUNG) + "?view=frame").statusCode()).isEqualTo(200);
  }

  @Test
  void theObservationAndItsCropStayAndBoxServesTheCrop() throws IOException {
    Path crop = new CropStore(config.cropDir()).pathOf(OBSERVATION.get(OLD));
    assertThat(crop).isRegularFile();

    HttpResponse<Buffer> box = get(imageOf(OLD));
    assertThat(box.statusCode()).as(box.bodyAsString()).isEqualTo(200);
    assertThat(box.getHeader("Content-Type")).isEqualTo("image/jpeg");
    assertThat(box.getHeader("ETag")).endsWith("-crop\"");
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(box.body().getBytes()));
    assertThat(picture).isNotNull();
    assertThat(Math.max(picture.getWidth(), picture.getHeight())).isLessThanOrEqualTo(640);

    BufferedImage small = ImageIO.read(new ByteArrayInputStream(
        get(imageOf(OLD) + "?size=64").body().getBytes()));
    assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(64);

    HttpResponse<Buffer> frame = get(imageOf(OLD) + "?view=frame");
    assertThat(frame.statusCode()).isEqualTo(404);
    assertThat(frame.bodyAsJsonObject().getString("type")).isEqualTo(ProblemType.IMAGE_GONE.uri());

    HttpResponse<Buffer> observation = get("/v1/damages/" + Await.result(pool
        .preparedQuery("SELECT damage_id FROM observations WHERE id = $1")
        .execute(Tuple.of(OBSERVATION.get(OLD)))).iterator().next().getLong(0));
    assertThat(observation.statusCode()).as("the damage stays").isEqualTo(200);
  }

  @Test
  void eachDeletionIsAudited() {
    List<String> rows = new ArrayList<>();
    for (Row row : sql("""
        SELECT kind, capture_id IS NOT NULL AS capture, sha256, crops, file_removed, reason, file
        FROM retention_deletions ORDER BY id""", Tuple.tuple())) {
      rows.add(row.getString("kind") + " " + row.getString("sha256").trim() + " crops="
          + row.getInteger("crops") + " removed=" + row.getBoolean("file_removed"));
      assertThat(row.getString("reason")).isNotBlank();
      assertThat(config.dataDir().resolve(row.getString("file"))).doesNotExist();
    }
    assertThat(rows).containsExactly(
        "capture-image " + SHA256.get(CRASHED) + " crops=0 removed=true",
        "capture-image " + SHA256.get(OLD) + " crops=1 removed=true",
        "survey-video " + VIDEO_SHA + " crops=0 removed=true",
        "survey-telemetry " + SRT_SHA + " crops=0 removed=true");
  }

  @Test
  void aRunFinishesTheDeletionACrashInterrupted() throws IOException {
    assertThat(report.finished()).as("the rain photo's deletion, audited before the 'crash'")
        .isEqualTo(1);
    assertThat(new ImageStore(config.imageDir(), FakeAnonymiser.UNUSED)
        .contains(SHA256.get(CRASHED))).isFalse();
  }

  @Test
  void finishedSurveyMediaIsDeleted() {
    assertThat(report.videos()).isEqualTo(1);
    assertThat(video).doesNotExist();
    assertThat(telemetry).doesNotExist();
    assertThat(sql("SELECT count(*) FROM survey_media WHERE files_deleted_at IS NOT NULL",
        Tuple.tuple()).iterator().next().getLong(0)).isEqualTo(1);
  }

  @Test
  void servedImagesCarryNoExif() {
    for (String path : List.of(imageOf(YOUNG), imageOf(YOUNG) + "?view=frame", imageOf(OLD),
        imageOf(OLD) + "?size=64")) {
      HttpResponse<Buffer> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(markers(response.body().getBytes())).as(path)
          .doesNotContain(0xE1) // APP1: EXIF or XMP
          .doesNotContain(0xED); // APP13: IPTC
    }
  }

  @Test
  void noSerialNumberIsStored() {
    assertThat(org.roadscan.api.register.MetadataMinimisation.kept("bodySerialNumber")).isFalse();
    assertThat(org.roadscan.api.register.MetadataMinimisation.kept("droneSerialNumber")).isFalse();
    assertThat(org.roadscan.api.register.MetadataMinimisation.kept("cameraModel")).isTrue();
    for (Row row : sql("SELECT metadata FROM captures", Tuple.tuple())) {
      JsonObject metadata = (JsonObject) row.getValue("metadata");
      assertThat(metadata.fieldNames()).isNotEmpty()
          .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("serial"));
    }
  }

  /** The marker codes of a JPEG's segments before the scan (0xE1 is APP1, EXIF/XMP). */
  static List<Integer> markers(byte[] jpeg) {
    assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
    assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
    List<Integer> markers = new ArrayList<>();
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int marker = jpeg[i + 1] & 0xFF;
      markers.add(marker);
      if (marker == 0xDA) {
        break;
      }
      i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
    }
    assertThat(markers).as("reached the scan").contains(0xDA);
    return markers;
  }
}
