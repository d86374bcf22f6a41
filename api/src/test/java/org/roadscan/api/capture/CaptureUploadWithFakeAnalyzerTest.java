package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.roadscan.api.testing.TestCaptures.analysis;
import static org.roadscan.api.testing.TestCaptures.observation;
import static org.roadscan.api.testing.TestService.finishedJob;
import static org.roadscan.api.testing.TestService.get;
import static org.roadscan.api.testing.TestService.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.Detection;
import org.roadscan.detector.Observation;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.metadata.MetadataReader;

/**
 * Uploads through the real HTTP server, real multipart bodies and a real PostgreSQL; the analyzer
 * is a scripted fake (swap {@link #ANALYZER} for the real one to run these end to end).
 */
@ExtendWith(VertxExtension.class)
class CaptureUploadWithFakeAnalyzerTest {

  private static final byte[] POTHOLE = TestImages.jpeg(1);
  private static final byte[] NO_GPS = TestImages.jpeg(2);
  private static final byte[] CORRUPT = TestImages.jpeg(3);
  private static final byte[] UNSTORABLE = TestImages.jpeg(4);
  /** The confidence the test database's trigger refuses (a write the register cannot make). */
  private static final double REFUSED_CONFIDENCE = 0.123;
  private static final Instant TAKEN = Instant.parse("2025-06-02T09:00:00Z");

  private static final ScriptedCaptureAnalyzer ANALYZER = new ScriptedCaptureAnalyzer()
      .script(POTHOLE, analysis(TAKEN, observation("D40", 3, 4, 0.4, 1.5)))
      .refuse(CORRUPT, new CaptureException(CaptureException.Reason.CORRUPT_IMAGE, "image",
          "the JPEG data ends early"))
      .script(UNSTORABLE, new CaptureAnalysis(TestCaptures.metadata(TestCaptures.lonEast(500),
          TestCaptures.ORIGIN_LAT_DEG, TAKEN), List.of(new Observation(new Detection("D40", 3,
          REFUSED_CONFIDENCE, new PixelBox(1, 2, 3, 4)), TestCaptures.lonEast(500),
          TestCaptures.ORIGIN_LAT_DEG, null, 0, 1.0, Observation.Projection.CAMERA_POSITION))));
  /** The detector's real metadata reader, applied to the image standing for "no GPS". */
  private static final CaptureValidator VALIDATOR = (bytes, profile) -> {
    if (Arrays.equals(bytes, NO_GPS)) {
      return new MetadataReader().read(bytes);
    }
    return TestCaptures.ACCEPT_ALL.check(bytes, profile);
  };

  private static int port;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) {
    String dbUrl = SharedPostgres.newDatabaseUrl();
    AppConfig config = TestService.config(dataDir, dbUrl, Map.of(
        AppConfig.MAX_IMAGE_MB, "0.05", AppConfig.MAX_REQUEST_MB, "0.2"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> ANALYZER, VALIDATOR);
    client = TestService.client(vertx);
    // Once the service has migrated the database, a trigger makes one scripted observation
    // unstorable: the register's write fails for that capture only.
    Pool admin = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx)
        .build();
    vertx.deployVerticle(verticle).compose(id -> admin.query("""
            CREATE FUNCTION refuse_observation() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.confidence = %s THEN RAISE EXCEPTION 'this observation is refused'; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_observation BEFORE INSERT ON observations
              FOR EACH ROW EXECUTE FUNCTION refuse_observation();
            """.formatted(REFUSED_CONFIDENCE)).execute().compose(v -> admin.close()).map(id))
        .onComplete(tc.succeeding(id -> {
      port = verticle.actualPort();
      tc.completeNow();
    }));
  }

  private static void assertProblem(HttpResponse<Buffer> response, ProblemType type,
      String field) {
    assertThat(response.statusCode()).isEqualTo(type.status());
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo(type.uri());
    assertThat(problem.getString("title")).isEqualTo(type.title());
    assertThat(problem.getInteger("status")).isEqualTo(type.status());
    assertThat(problem.getString("detail")).isNotBlank();
    if (field != null) {
      assertThat(problem.getString("field")).isEqualTo(field);
    }
  }

  /** A JPEG signature followed by {@code sizeBytes} of filler: passes the cheap check only. */
  private static byte[] jpegOfSize(int sizeBytes) {
    byte[] bytes = new byte[sizeBytes];
    bytes[0] = (byte) 0xff;
    bytes[1] = (byte) 0xd8;
    bytes[2] = (byte) 0xff;
    return bytes;
  }

  @Test
  void anAcceptedPhotoIsAnalysedAndItsDamageRegistered(Vertx vertx, VertxTestContext tc) {
    upload(client, port, "image", "pothole.jpg", POTHOLE)
        .compose(accepted -> {
          assertThat(accepted.statusCode()).isEqualTo(202);
          JsonObject job = accepted.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0);
          assertThat(job.getString("state")).isEqualTo("queued");
          assertThat(job.getString("fileName")).isEqualTo("pothole.jpg");
          assertThat(job.getString("url")).isEqualTo("/v1/jobs/" + job.getString("id"));
          assertThat(accepted.getHeader("Location")).isEqualTo(job.getString("url"));
          return finishedJob(vertx, client, port, job.getString("url"));
        })
        .map(job -> {
          assertThat(job.getString("state")).isEqualTo("done");
          assertThat(job.getValue("error")).isNull();
          assertThat(job.getLong("captureId")).isNotNull();
          assertThat(job.getString("createdAt")).isNotBlank();
          JsonArray observations = job.getJsonArray("observations");
          assertThat(observations).hasSize(1);
          JsonObject o = observations.getJsonObject(0);
          assertThat(o.getString("class")).isEqualTo("D40");
          assertThat(o.getDouble("confidence")).isEqualTo(0.8);
          assertThat(o.getJsonObject("box").getMap())
              .containsEntry("x0", 100.0).containsEntry("y0", 200.0)
              .containsEntry("x1", 300.0).containsEntry("y1", 350.0);
          assertThat(o.getJsonObject("position").getDouble("lon"))
              .isCloseTo(TestCaptures.lonEast(3), within(1e-12));
          assertThat(o.getJsonObject("position").getDouble("lat"))
              .isCloseTo(TestCaptures.latNorth(4), within(1e-12));
          JsonObject footprint = o.getJsonObject("footprint");
          assertThat(footprint.getString("type")).isEqualTo("Polygon");
          JsonArray ring = footprint.getJsonArray("coordinates").getJsonArray(0);
          assertThat(ring).hasSize(5);
          assertThat(ring.getJsonArray(0)).isEqualTo(ring.getJsonArray(4));
          assertThat(o.getDouble("areaM2")).isEqualTo(0.4);
          assertThat(o.getDouble("uncertaintyM")).isEqualTo(1.5);
          assertThat(o.getString("projection")).isEqualTo("NADIR");
          assertThat(o.getLong("damageId")).isNotNull();
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void severalImagesInOneRequestGiveOneJobEach(VertxTestContext tc) {
    client.post(port, "localhost", "/v1/captures").sendMultipartForm(MultipartForm.create()
            .binaryFileUpload("image", "a.jpg", Buffer.buffer(TestImages.jpeg(10)), "image/jpeg")
            .binaryFileUpload("image", "b.jpg", Buffer.buffer(TestImages.jpeg(11)), "image/jpeg"))
        .map(accepted -> {
          assertThat(accepted.statusCode()).isEqualTo(202);
          assertThat(accepted.getHeader("Location")).isNull();
          JsonArray jobs = accepted.bodyAsJsonObject().getJsonArray("jobs");
          assertThat(jobs).hasSize(2);
          assertThat(jobs.getJsonObject(0).getString("fileName")).isEqualTo("a.jpg");
          assertThat(jobs.getJsonObject(1).getString("fileName")).isEqualTo("b.jpg");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void anImageTheAnalyzerRefusesEndsAsAFailedJobWithAProblem(Vertx vertx, VertxTestContext tc) {
    upload(client, port, "image", "broken.jpg", CORRUPT)
        .compose(accepted -> finishedJob(vertx, client, port,
            accepted.getHeader("Location")))
        .map(job -> {
          assertThat(job.getString("state")).isEqualTo("failed");
          JsonObject error = job.getJsonObject("error");
          assertThat(error.getString("type")).isEqualTo(ProblemType.CORRUPT_IMAGE.uri());
          assertThat(error.getInteger("status")).isEqualTo(422);
          assertThat(error.getString("field")).isEqualTo("image");
          assertThat(error.getString("fileName")).isEqualTo("broken.jpg");
          assertThat(job.getJsonArray("observations")).isEmpty();
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aCaptureTheRegisterCannotStoreFailsAloneAfterItsRetries(Vertx vertx, VertxTestContext tc) {
    byte[] fine = TestImages.jpeg(12);
    Future<JsonObject> unstorable = upload(client, port, "image", "unstorable.jpg", UNSTORABLE)
        .compose(accepted -> finishedJob(vertx, client, port, accepted.getHeader("Location")));
    Future<JsonObject> other = upload(client, port, "image", "fine.jpg", fine)
        .compose(accepted -> finishedJob(vertx, client, port, accepted.getHeader("Location")));
    Future.all(unstorable, other).map(both -> {
      JsonObject failed = unstorable.result();
      assertThat(failed.getString("state")).isEqualTo("failed");
      assertThat(failed.getJsonObject("error").getString("type"))
          .isEqualTo(ProblemType.ANALYSIS_FAILED.uri());
      assertThat(failed.getJsonObject("error").getString("fileName")).isEqualTo("unstorable.jpg");
      assertThat(failed.getLong("captureId")).isNull();
      assertThat(other.result().getString("state")).isEqualTo("done");
      return null;
    }).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void anUnknownOrMalformedJobIdIs404(VertxTestContext tc) {
    get(client, port, "/v1/jobs/" + UUID.randomUUID())
        .compose(unknown -> {
          assertProblem(unknown, ProblemType.NOT_FOUND, "id");
          return get(client, port, "/v1/jobs/not-a-job");
        })
        .map(malformed -> {
          assertProblem(malformed, ProblemType.NOT_FOUND, "id");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aFileThatIsNotAJpegIs415NamingTheFile(VertxTestContext tc) {
    upload(client, port, "image", "notes.txt", "not a photo".getBytes())
        .map(response -> {
          assertProblem(response, ProblemType.UNSUPPORTED_MEDIA_TYPE, "image");
          assertThat(response.bodyAsJsonObject().getString("fileName")).isEqualTo("notes.txt");
          assertThat(response.bodyAsJsonObject().getString("detail")).contains("notes.txt");
          assertThat(response.bodyAsJsonObject().getString("instance")).isEqualTo("/v1/captures");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void anImageOverThePerImageLimitIs413NamingTheFile(VertxTestContext tc) {
    upload(client, port, "image", "huge.jpg", jpegOfSize(60 * 1024))
        .map(response -> {
          assertProblem(response, ProblemType.IMAGE_TOO_LARGE, "image");
          assertThat(response.bodyAsJsonObject().getString("fileName")).isEqualTo("huge.jpg");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aRequestOverTheTotalLimitIs413(VertxTestContext tc) {
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i < 5; i++) {
      form.binaryFileUpload("image", "part-" + i + ".jpg", Buffer.buffer(jpegOfSize(45 * 1024)),
          "image/jpeg");
    }
    client.post(port, "localhost", "/v1/captures").sendMultipartForm(form)
        .compose(chunked -> {
          assertProblem(chunked, ProblemType.REQUEST_TOO_LARGE, "body");
          return client.post(port, "localhost", "/v1/captures")
              .putHeader("Content-Type", "multipart/form-data; boundary=xyz")
              .sendBuffer(Buffer.buffer(new byte[300 * 1024]));
        })
        .map(withContentLength -> {
          assertProblem(withContentLength, ProblemType.REQUEST_TOO_LARGE, "body");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aPhotoWithoutGpsIs422NamingTheMissingTag(VertxTestContext tc) {
    upload(client, port, "image", "indoor.jpg", NO_GPS)
        .map(response -> {
          assertProblem(response, ProblemType.MISSING_METADATA, null);
          assertThat(response.bodyAsJsonObject().getString("field")).startsWith("GPS");
          assertThat(response.bodyAsJsonObject().getString("fileName")).isEqualTo("indoor.jpg");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aRequestWithoutAnImagePartIs400(VertxTestContext tc) {
    client.post(port, "localhost", "/v1/captures")
        .sendMultipartForm(MultipartForm.create().attribute("comment", "hello"))
        .compose(attributeOnly -> {
          assertProblem(attributeOnly, ProblemType.UNEXPECTED_PART, "comment");
          return upload(client, port, "photo", "pothole.jpg", POTHOLE);
        })
        .compose(wrongName -> {
          assertProblem(wrongName, ProblemType.UNEXPECTED_PART, "photo");
          return client.post(port, "localhost", "/v1/captures")
              .putHeader("Content-Type", "multipart/form-data; boundary=xyz")
              .sendBuffer(Buffer.buffer("--xyz--\r\n"));
        })
        .compose(noParts -> {
          assertProblem(noParts, ProblemType.MISSING_PART, "image");
          return client.post(port, "localhost", "/v1/captures")
              .putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(POTHOLE));
        })
        .map(notMultipart -> {
          assertProblem(notMultipart, ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void noStoredImageIsLeftBehindByARejectedRequest(VertxTestContext tc) {
    // A request is all-or-nothing: the valid first image is not queued when the second is bad.
    client.post(port, "localhost", "/v1/captures").sendMultipartForm(MultipartForm.create()
            .binaryFileUpload("image", "ok.jpg", Buffer.buffer(TestImages.jpeg(20)), "image/jpeg")
            .binaryFileUpload("image", "bad.txt", Buffer.buffer("x".getBytes()), "text/plain"))
        .compose(response -> {
          assertProblem(response, ProblemType.UNSUPPORTED_MEDIA_TYPE, "image");
          assertThat(response.bodyAsJsonObject().getString("fileName")).isEqualTo("bad.txt");
          return Future.succeededFuture();
        })
        .onComplete(tc.succeedingThenComplete());
  }
}
