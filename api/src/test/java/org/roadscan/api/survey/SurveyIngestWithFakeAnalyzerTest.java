package org.roadscan.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;

/**
 * Survey ingest (issue #27) through the real HTTP server and a real PostgreSQL, with real photos
 * from {@code sample-images/} and a scripted analyzer standing in for the model.
 */
class SurveyIngestWithFakeAnalyzerTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");

  @TempDir
  Path dataDir;

  private Vertx vertx;
  private ScriptedCaptureAnalyzer analyzer;
  private SurveyTestClient http;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    analyzer = new ScriptedCaptureAnalyzer();
  }

  @AfterEach
  void stopVertx() {
    Await.result(vertx.close());
  }

  private void start(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(Map.of(AppConfig.MIN_FREE_DISK_MB, "0"));
    env.putAll(overrides);
    AppConfig config = TestService.config(dataDir, SharedPostgres.newDatabaseUrl(), env);
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> analyzer,
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(verticle));
    http = new SurveyTestClient(vertx, verticle.actualPort());
  }

  private static byte[] sample(String name) throws IOException {
    return Files.readAllBytes(SAMPLES.resolve(name));
  }

  @Test
  void imagesOfASurveyAreAnalysedCountedAndRegistered() throws IOException {
    byte[] first = sample("gelsenkirchen-bochumer-str-pothole.jpg");
    byte[] second = sample("gelsenkirchen-cranger-str-pothole.jpg");
    byte[] third = sample("lund-street.jpg");
    // Two photos see the same pothole (0.3 m apart: one damage), the third a crack 40 m away.
    analyzer.script(first, TestCaptures.analysis(Instant.parse("2026-11-20T10:15:00Z"),
            TestCaptures.observation("D40", 0, 0, 0.3, 1.0)))
        .script(second, TestCaptures.analysis(Instant.parse("2026-11-20T10:15:02Z"),
            TestCaptures.observation("D40", 0.3, 0, 0.3, 1.0)))
        .script(third, TestCaptures.analysis(Instant.parse("2026-11-20T10:15:09Z"),
            TestCaptures.observation("D00", 40, 0, 0, 1.0)));
    start(Map.of());
    long id = http.createDrone("Bochumer Str. flight 1");
    assertThat(http.get("/v1/surveys/" + id).bodyAsJsonObject().getString("state"))
        .isEqualTo("receiving");

    HttpResponse<Buffer> accepted = http.upload(id,
        SurveyTestClient.images("image", first, second, third));

    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonArray parts = accepted.bodyAsJsonObject().getJsonArray("accepted");
    assertThat(parts).hasSize(3);
    assertThat(parts.getJsonObject(0).getString("sha256"))
        .isEqualTo(org.roadscan.api.capture.ImageStore.sha256(first));
    assertThat(parts.getJsonObject(0).getLong("bytes")).isEqualTo(first.length);
    assertThat(parts.getJsonObject(0).getBoolean("duplicate")).isFalse();
    JsonObject survey = http.done(id);
    assertThat(survey.getLong("accepted")).isEqualTo(3);
    assertThat(survey.getLong("processed")).isEqualTo(3);
    assertThat(survey.getLong("failed")).isZero();
    assertThat(survey.getLong("damages")).isEqualTo(2);
    JsonArray repairs = http.get("/v1/repairs").bodyAsJsonObject().getJsonArray("repairs");
    assertThat(repairs).hasSize(2);
    assertThat(http.get("/v1/surveys").bodyAsJsonObject().getJsonArray("surveys")
        .getJsonObject(0).getLong("id")).isEqualTo(id);
  }

  @Test
  void theSameBytesAgainInTheSameSurveyAreADuplicateNotASecondJob() throws IOException {
    byte[] photo = sample("gelsenkirchen-wanner-str-pothole-vehicle.jpg");
    start(Map.of());
    long id = http.createDrone("twice");

    JsonObject firstPart = http.upload(id, SurveyTestClient.images("image", photo))
        .bodyAsJsonObject().getJsonArray("accepted").getJsonObject(0);
    HttpResponse<Buffer> again = http.upload(id, SurveyTestClient.images("image", photo));

    assertThat(again.statusCode()).isEqualTo(202);
    JsonObject secondPart = again.bodyAsJsonObject().getJsonArray("accepted").getJsonObject(0);
    assertThat(firstPart.getBoolean("duplicate")).isFalse();
    assertThat(secondPart.getBoolean("duplicate")).isTrue();
    assertThat(secondPart.getString("jobId")).isEqualTo(firstPart.getString("jobId"));
    assertThat(http.done(id).getLong("accepted")).isEqualTo(1);
  }

  @Test
  void aZipOfAPhotoFolderBecomesImagesAndListsWhatItSkipped() throws IOException {
    byte[] one = sample("gelsenkirchen-kurt-schumacher-str-pothole.jpg");
    byte[] two = sample("gelsenkirchen-bochumer-str-pothole-rain.jpg");
    byte[] zip = SurveyTestClient.zip(
        new String[] {"flight/DJI_0001.JPG", "flight/DJI_0002.jpeg", "__MACOSX/flight/._x.jpg",
            "flight/.DS_Store", "flight/notes.txt"},
        new byte[][] {one, two, new byte[] {1, 2}, new byte[] {3}, "hello".getBytes()});
    start(Map.of());
    long id = http.createDrone("folder");

    HttpResponse<Buffer> response = http.upload(id, MultipartForm.create()
        .binaryFileUpload("zip", "flight.zip", Buffer.buffer(zip), "application/zip"));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    JsonObject part = response.bodyAsJsonObject().getJsonArray("accepted").getJsonObject(0);
    assertThat(part.getString("kind")).isEqualTo("zip");
    assertThat(part.getJsonArray("jobIds")).hasSize(2);
    assertThat(part.getJsonArray("skipped").stream().map(s -> ((JsonObject) s).getString("entry")))
        .containsExactlyInAnyOrder("__MACOSX/flight/._x.jpg", "flight/.DS_Store",
            "flight/notes.txt");
    assertThat(http.done(id).getLong("processed")).isEqualTo(2);
    assertThat(leftInUploads()).isEmpty();
  }

  @Test
  void zipAttacksAreRefusedNamingTheEntry() throws IOException {
    byte[] photo = sample("lund-street.jpg");
    start(Map.of());
    long id = http.createDrone("attacks");

    HttpResponse<Buffer> traversal = uploadZip(id, SurveyTestClient.zip(
        new String[] {"ok.jpg", "../../etc/evil.jpg"}, new byte[][] {photo, photo}));
    HttpResponse<Buffer> symlink = uploadZip(id, symlinkZip());
    HttpResponse<Buffer> bomb = uploadZip(id, SurveyTestClient.zip(new String[] {"bomb.jpg"},
        new byte[][] {new byte[50 * 1024 * 1024]}));
    String[] names = new String[ZipExpansion.MAX_ENTRIES + 1];
    byte[][] empty = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      names[i] = "many/" + i + ".txt";
      empty[i] = new byte[0];
    }
    HttpResponse<Buffer> many = uploadZip(id, SurveyTestClient.zip(names, empty));

    assertProblem(traversal, 422, ProblemType.UNSAFE_ARCHIVE, "../../etc/evil.jpg");
    assertProblem(symlink, 422, ProblemType.UNSAFE_ARCHIVE, "link.jpg");
    assertProblem(bomb, 422, ProblemType.UNSAFE_ARCHIVE, "bomb.jpg");
    assertProblem(many, 413, ProblemType.ARCHIVE_TOO_LARGE,
        "many/" + ZipExpansion.MAX_ENTRIES + ".txt");
    assertThat(http.get("/v1/surveys/" + id).bodyAsJsonObject().getLong("accepted")).isZero();
    assertThat(leftInUploads()).isEmpty();
  }

  @Test
  void aPartOverItsLimitIs413AndLeavesNoFileBehind() {
    start(Map.of(AppConfig.MAX_IMAGE_MB, "0.05"));
    long id = http.createDrone("large");
    byte[] large = new byte[400 * 1024];
    large[0] = (byte) 0xFF;
    large[1] = (byte) 0xD8;

    HttpResponse<Buffer> response = http.upload(id, SurveyTestClient.images("image", large));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getString("type"))
        .isEqualTo(ProblemType.IMAGE_TOO_LARGE.uri());
    assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo("image");
    assertThat(leftInUploads()).isEmpty();
    assertThat(dataDir.resolve("images")).isEmptyDirectory();
  }

  @Test
  void aFullQueueRefusesNewMediaWith503AndRetryAfterBeforeStoringAnything() throws IOException {
    start(Map.of(AppConfig.WORKERS, "0", AppConfig.MAX_QUEUE_DEPTH, "1"));
    long id = http.createDrone("full");
    assertThat(http.upload(id, SurveyTestClient.images("image",
        sample("lund-street.jpg"))).statusCode()).isEqualTo(202);

    HttpResponse<Buffer> full = http.upload(id, SurveyTestClient.images("image",
        sample("gelsenkirchen-cranger-str-pothole.jpg")));

    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(full.getHeader("Retry-After")).isEqualTo(Integer.toString(IntakeGate.RETRY_AFTER_S));
    assertThat(full.bodyAsJsonObject().getString("type")).isEqualTo(ProblemType.QUEUE_FULL.uri());
    assertThat(http.get("/v1/surveys/" + id).bodyAsJsonObject().getLong("accepted")).isEqualTo(1);
    assertThat(leftInUploads()).isEmpty();
  }

  @Test
  void unknownSurveyIs404AndUnknownPartIs400() {
    start(Map.of());
    long id = http.createDrone("parts");

    HttpResponse<Buffer> unknownSurvey = http.upload(id + 1000,
        SurveyTestClient.images("image", new byte[] {(byte) 0xFF, (byte) 0xD8}));
    HttpResponse<Buffer> unknownPart = http.upload(id,
        SurveyTestClient.images("photo", new byte[] {(byte) 0xFF, (byte) 0xD8}));

    assertThat(unknownSurvey.statusCode()).isEqualTo(404);
    assertThat(unknownPart.statusCode()).isEqualTo(400);
    assertThat(unknownPart.bodyAsJsonObject().getString("field")).isEqualTo("photo");
  }

  @Test
  void aSurveyProfileIsValidatedNamingTheMember() {
    start(Map.of());

    HttpResponse<Buffer> badOverlap = http.post("/v1/surveys", new JsonObject()
        .put("name", "v").put("kind", "drone")
        .put("profile", new JsonObject().put("gpsAccuracyM", 2)
            .put("video", new JsonObject().put("overlap", 1.5))));
    HttpResponse<Buffer> badKind = http.post("/v1/surveys", new JsonObject()
        .put("name", "v").put("kind", "boat"));
    long id = http.create(new JsonObject().put("name", "v").put("kind", "vehicle")
        .put("profile", new JsonObject()
            .put("mount", new JsonObject().put("heightM", 1.4).put("pitchDeg", -12))
            .put("video", new JsonObject().put("gimbalPitchDeg", -90)
                .put("videoStart", "2026-11-20T10:15:00Z").put("sampleDistanceM", 4))));

    assertThat(badOverlap.statusCode()).isEqualTo(400);
    assertThat(badOverlap.bodyAsJsonObject().getString("field")).isEqualTo("profile.video.overlap");
    assertThat(badKind.bodyAsJsonObject().getString("field")).isEqualTo("kind");
    JsonObject profile = http.get("/v1/surveys/" + id).bodyAsJsonObject()
        .getJsonObject("profile");
    assertThat(profile.getJsonObject("mount").getDouble("heightM")).isEqualTo(1.4);
    assertThat(profile.getJsonObject("video").getDouble("sampleDistanceM")).isEqualTo(4.0);
  }

  @Test
  void aVideoNeedsTelemetryAndAnUndecodableOneFailsWithTheReason() {
    start(Map.of());
    long id = http.createDrone("video");
    byte[] video = fakeMp4(64 * 1024);

    HttpResponse<Buffer> alone = http.upload(id, MultipartForm.create()
        .binaryFileUpload("video", "DJI_0001.MP4", Buffer.buffer(video), "video/mp4"));
    HttpResponse<Buffer> paired = http.upload(id, MultipartForm.create()
        .binaryFileUpload("video", "DJI_0001.MP4", Buffer.buffer(video), "video/mp4")
        .binaryFileUpload("telemetry", "DJI_0001.SRT", Buffer.buffer(
            "1\n00:00:00,000 --> 00:00:00,033\n[latitude: 51.5136] [longitude: 7.0986]\n"
                .getBytes(StandardCharsets.UTF_8)), "text/plain"));

    assertThat(alone.statusCode()).isEqualTo(400);
    assertThat(alone.bodyAsJsonObject().getString("field")).isEqualTo("video");
    assertThat(alone.bodyAsJsonObject().getString("fileName")).isEqualTo("DJI_0001.MP4");
    assertThat(paired.statusCode()).as(paired.bodyAsString()).isEqualTo(202);
    JsonObject part = paired.bodyAsJsonObject().getJsonArray("accepted").getJsonObject(0);
    assertThat(part.getLong("mediaId")).isPositive();
    JsonObject survey = http.done(id);
    JsonObject media = survey.getJsonArray("media").getJsonObject(0);
    assertThat(media.getString("state")).isEqualTo("failed");
    assertThat(media.getJsonObject("error").getString("type")).isIn(
        ProblemType.UNSUPPORTED_MEDIA_TYPE.uri(), ProblemType.CORRUPT_IMAGE.uri());
    assertThat(media.getJsonObject("error").getString("field")).isEqualTo("video");
    assertThat(media.getJsonObject("error").getInteger("status")).isBetween(400, 499);
    assertThat(dataDir.resolve("media").resolve(part.getString("sha256").substring(0, 2))
        .resolve(part.getString("sha256") + ".mp4")).exists();
  }

  /** An MP4-looking file: a {@code ftyp} box, then filler. */
  static byte[] fakeMp4(int bytes) {
    byte[] video = new byte[bytes];
    byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    System.arraycopy(head, 0, video, 0, head.length);
    for (int i = head.length; i < bytes; i++) {
      video[i] = (byte) (i * 31);
    }
    return video;
  }

  private HttpResponse<Buffer> uploadZip(long id, byte[] zip) {
    return http.upload(id, MultipartForm.create()
        .binaryFileUpload("zip", "photos.zip", Buffer.buffer(zip), "application/zip"));
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, ProblemType type,
      String entry) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo(type.uri());
    assertThat(problem.getString("entry")).isEqualTo(entry);
  }

  private static byte[] symlinkZip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      ZipArchiveEntry link = new ZipArchiveEntry("link.jpg");
      link.setUnixMode(0120777);
      zip.putArchiveEntry(link);
      zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private java.util.List<Path> leftInUploads() {
    try (Stream<Path> files = Files.list(dataDir.resolve("uploads"))) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
