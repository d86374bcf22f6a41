package org.roadscan.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.sf.geographiclib.Geodesic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.Main;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.TestService;

/**
 * Issue #28 on real parts only: the service with its embedded PostgreSQL, the shipped model loaded
 * twice (the survey workers' and the feed lane's own predictors, {@link Main#analyzers()}), a real
 * drone photo with a known pothole sent as a feed frame, tags answered in the response.
 */
class FeedEndToEndTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");
  private static final String NADIR = "gelsenkirchen-ueckendorfer-str-pothole-nadir";
  private static final long START_TIMEOUT_MS = 180_000;

  private static Vertx vertx;
  private static WebClient client;
  private static int port;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    vertx = Vertx.vertx();
    AppConfig config = TestService.config(dataDir, null, Map.of(
        AppConfig.MODEL_DIR, Path.of("..", "models", "roadscan-damage").toString(),
        AppConfig.WORKERS, "1", AppConfig.FEED_WORKERS, "1"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, Main.analyzers(),
        Main.captureValidator());
    // start completes once both analyzers are loaded
    Await.result(vertx.deployVerticle(verticle).timeout(START_TIMEOUT_MS,
        java.util.concurrent.TimeUnit.MILLISECONDS));
    port = verticle.actualPort();
    client = TestService.client(vertx);
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      Await.result(vertx.close());
    }
  }

  @Test
  void aDroneFrameGetsItsPotholeTaggedInTheResponse() throws Exception {
    JsonObject expected = new JsonObject(Files.readString(SAMPLES.resolve(NADIR
        + ".expected.json"))).getJsonArray("damages").getJsonObject(0);
    byte[] jpeg = Files.readAllBytes(SAMPLES.resolve(NADIR + ".jpg"));
    HttpResponse<Buffer> answer = Await.result(client.post(port, "localhost", "/v1/feed/frames")
        .sendMultipartForm(MultipartForm.create()
            .binaryFileUpload("image", NADIR + ".jpg", Buffer.buffer(jpeg), "image/jpeg")
            .attribute("incident", "E2E-1")));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    JsonObject tags = answer.bodyAsJsonObject();
    assertThat(tags.getString("projection")).isEqualTo("NADIR");
    assertThat(tags.getJsonObject("coverage").getString("type")).isEqualTo("Polygon");
    JsonArray found = tags.getJsonArray("tags");
    JsonObject pothole = null;
    for (int i = 0; i < found.size(); i++) {
      JsonObject t = found.getJsonObject(i);
      if ("D40".equals(t.getString("class")) && (pothole == null
          || t.getDouble("confidence") > pothole.getDouble("confidence"))) {
        pothole = t;
      }
    }
    assertThat(pothole).as("a pothole among " + found).isNotNull();
    JsonObject position = pothole.getJsonObject("position");
    double offM = Geodesic.WGS84.Inverse(position.getDouble("lat"), position.getDouble("lon"),
        expected.getDouble("lat"), expected.getDouble("lon")).s12;
    assertThat(offM).isLessThanOrEqualTo(expected.getDouble("toleranceM"));
    assertThat(pothole.getDouble("areaM2")).isBetween(
        expected.getJsonObject("areaM2").getDouble("min"),
        expected.getJsonObject("areaM2").getDouble("max"));
    assertThat(pothole.getDouble("uncertaintyM")).isPositive();
    assertThat(pothole.getJsonObject("footprint").getString("type")).isEqualTo("Polygon");
    // a 1.7 m pothole: a fire engine should not be sent through without a look
    assertThat(tags.getJsonObject("passability").getString("hint")).isEqualTo("questionable");
    assertThat(tags.getJsonObject("timing").getLong("analysedMs")).isPositive();
  }
}
