package org.roadscan.api.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.testing.FakeAnonymiser;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestRegister;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.PixelBox;

/**
 * The service runs retention by itself (issue #31): a service started with {@code
 * ROADSCAN_IMAGE_RETENTION_DAYS=1} deletes, right after its start, the image of a capture received
 * two days before, keeping its crop and auditing the deletion.
 */
@ExtendWith(VertxExtension.class)
class RetentionScheduleWithFakeAnalyzerTest {

  private static final String PHOTO = "gelsenkirchen-cranger-str-pothole.jpg";
  private static final long POLL_MS = 25;

  @Test
  void aServiceStartedWithRetentionDeletesOldImagesAtOnce(Vertx vertx, @TempDir Path dataDir)
      throws Exception {
    byte[] jpeg = Files.readAllBytes(Path.of("..", "sample-images", PHOTO));
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    analyzer.script(jpeg, TestCaptures.analysis(Instant.parse("2026-10-12T09:00:00Z"),
        TestCaptures.observation("D40", 0, 0, 1.0, 1.0, 0.7, new PixelBox(100, 100, 300, 250))));
    MultipartForm form = MultipartForm.create()
        .binaryFileUpload("image", PHOTO, Buffer.buffer(jpeg), "image/jpeg");
    String dbUrl = SharedPostgres.newDatabaseUrl();
    WebClient client = TestService.client(vertx);
    TestRegister.Started started = Await.result(
        TestRegister.start(vertx, client, dataDir, dbUrl, analyzer, form));
    long observationId = started.jobs().get(0).getJsonArray("observations").getJsonObject(0)
        .getLong("id");
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx)
        .build();
    Await.result(pool.query("UPDATE captures SET received_at = now() - interval '2 days'")
        .execute());
    ImageStore images = new ImageStore(dataDir.resolve("images"), FakeAnonymiser.UNUSED);
    String sha256 = ImageStore.sha256(jpeg);
    assertThat(images.contains(sha256)).as("kept by the 180 days of the first service").isTrue();

    AppConfig oneDay = TestService.config(dataDir, dbUrl,
        Map.of(AppConfig.IMAGE_RETENTION_DAYS, "1"));
    Await.result(vertx.deployVerticle(new RoadScanVerticle(oneDay, c -> analyzer,
        TestCaptures.ACCEPT_ALL)));

    Row audit = Await.result(removed(vertx, pool, 400));
    assertThat(audit.getString("kind")).isEqualTo("capture-image");
    assertThat(audit.getString("sha256").trim()).isEqualTo(sha256);
    assertThat(audit.getInteger("crops")).isEqualTo(1);
    assertThat(images.contains(sha256)).isFalse();
    assertThat(new CropStore(oneDay.cropDir()).contains(observationId)).isTrue();
    assertThat(Await.result(TestService.get(client, started.port(),
        "/v1/observations/" + observationId + "/image")).statusCode()).isEqualTo(200);
  }

  /** The audit row once its file is removed; polls on the Vert.x timer, bounded (about 10 s). */
  private static Future<Row> removed(Vertx vertx, Pool pool, int attemptsLeft) {
    return pool.preparedQuery("SELECT kind, sha256, crops FROM retention_deletions"
        + " WHERE file_removed").execute(Tuple.tuple()).compose(rows -> {
          if (rows.size() > 0) {
            return Future.succeededFuture(rows.iterator().next());
          }
          if (attemptsLeft <= 1) {
            return Future.failedFuture(new AssertionError("no deletion recorded"));
          }
          return vertx.timer(POLL_MS).compose(fired -> removed(vertx, pool, attemptsLeft - 1));
        });
  }
}
