package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.roadscan.api.testing.TestCaptures.analysis;
import static org.roadscan.api.testing.TestCaptures.observation;
import static org.roadscan.api.testing.TestService.finishedJob;
import static org.roadscan.api.testing.TestService.get;
import static org.roadscan.api.testing.TestService.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.geo.GeoreferenceOp;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * A pothole seen in June, a nadir drone frame over it in August that does not see it (flagged
 * possibly repaired, with the frame stored as the capture's coverage), and a photo in September
 * that sees it again (flag cleared): through the real job workers, server and database; the
 * analyzer is a scripted fake.
 */
@ExtendWith(VertxExtension.class)
class PossiblyRepairedWithFakeAnalyzerTest {

  private static final Instant JUNE = Instant.parse("2025-06-02T09:00:00Z");
  private static final Instant AUGUST = Instant.parse("2025-08-04T09:00:00Z");
  private static final Instant SEPTEMBER = Instant.parse("2025-09-01T09:00:00Z");

  @Test
  void aDroneFrameOverAnUnseenPotholeFlagsItAndALaterSightingClearsIt(Vertx vertx,
      VertxTestContext tc, @TempDir Path dataDir) throws Exception {
    byte[] june = TestImages.jpeg(501);
    byte[] august = TestImages.jpeg(502);
    byte[] september = TestImages.jpeg(503);
    // A DJI FC6310 at 50 m looking straight down over the origin: about 67 m x 50 m of road.
    CaptureMetadata drone = new CaptureMetadata(TestCaptures.ORIGIN_LON_DEG,
        TestCaptures.ORIGIN_LAT_DEG, 120.0, 50.0, -90.0, 0.0, null, 8.8, 27.0, 4000, 3000, "DJI",
        "FC6310", AUGUST, null);
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer()
        .script(june, analysis(JUNE, observation("D40", 0, 0, 1.0, 0.5)))
        .script(august, new CaptureAnalysis(drone, List.of(), List.of(), Projection.NADIR, "test",
            GeoreferenceOp.forCapture(drone).coverage().orElseThrow()))
        .script(september, analysis(SEPTEMBER, observation("D40", 0.2, 0, 1.2, 0.5)));
    AppConfig config = TestService.config(dataDir, SharedPostgres.newDatabaseUrl(), Map.of());
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> analyzer, TestCaptures.ACCEPT_ALL);
    WebClient client = TestService.client(vertx);
    long[] damageId = new long[1];
    int[] port = new int[1];
    vertx.deployVerticle(verticle)
        .compose(id -> {
          port[0] = verticle.actualPort();
          return uploaded(vertx, client, port[0], "june.jpg", june);
        })
        .compose(job -> {
          damageId[0] = job.getJsonArray("observations").getJsonObject(0).getLong("damageId");
          return uploaded(vertx, client, port[0], "august.jpg", august);
        })
        .compose(job -> get(client, port[0], "/v1/damages/" + damageId[0]))
        .compose(flagged -> {
          JsonObject damage = flagged.bodyAsJsonObject();
          assertThat(damage.getBoolean("possiblyRepaired")).isTrue();
          assertThat(damage.getString("possiblyRepairedSince")).isEqualTo(AUGUST.toString());
          assertThat(damage.getInteger("observationCount")).isEqualTo(1);
          return uploaded(vertx, client, port[0], "september.jpg", september);
        })
        .compose(job -> {
          assertThat(job.getJsonArray("observations").getJsonObject(0).getLong("damageId"))
              .isEqualTo(damageId[0]);
          return get(client, port[0], "/v1/damages/" + damageId[0]);
        })
        .compose(seenAgain -> {
          JsonObject damage = seenAgain.bodyAsJsonObject();
          assertThat(damage.getBoolean("possiblyRepaired")).isFalse();
          assertThat(damage.getValue("possiblyRepairedSince")).isNull();
          return get(client, port[0], "/v1/damages/" + damageId[0] + "/events");
        })
        .map(events -> {
          assertThat(events.bodyAsJsonObject().getJsonArray("events").stream()
              .map(e -> ((JsonObject) e).getString("kind")))
              .containsExactly("created", "flagged", "merged", "unflagged");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  private static Future<JsonObject> uploaded(Vertx vertx, WebClient client, int port,
      String fileName, byte[] photo) {
    return upload(client, port, "image", fileName, photo)
        .compose(accepted -> finishedJob(vertx, client, port,
            accepted.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0).getString("url")))
        .map(job -> {
          assertThat(job.getString("state")).as(job.encode()).isEqualTo("done");
          return job;
        });
  }
}
