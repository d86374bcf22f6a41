package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.sf.geographiclib.Geodesic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.TestService;

/**
 * Issue #27 on real parts only: the service with its embedded PostgreSQL and the shipped model
 * gets the generated survey videos of {@code sample-images/video/} over HTTP (a nadir drone flight
 * with its DJI SRT, a dashcam run with its GPX track), decodes and samples them, analyses every
 * sampled frame like a photo, and the register is read back. The generator's truth ({@code
 * truth-*.json}: where each pothole was pasted) decides: each pothole of the drone flight is in
 * the register once, within 1 m of where it was put.
 */
class SurveyVideoEndToEndTest {

  private static final Path VIDEOS = Path.of("..", "sample-images", "video");
  private static final Path MODEL = Path.of("..", "models", "roadscan-damage");
  private static final long TIMEOUT_MS = 240_000;
  private static final double TOLERANCE_M = 1.0;

  private Vertx vertx;
  private WebClient client;
  private int port;

  /** A service of its own per test: both samples show the same road. */
  @BeforeEach
  void start(@TempDir Path dataDir) {
    vertx = Vertx.vertx();
    AppConfig config = TestService.config(dataDir, null, Map.of(
        AppConfig.MODEL_DIR, MODEL.toString(), AppConfig.WORKERS, "2"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, Main::loadAnalyzer,
        Main.captureValidator());
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    client = TestService.client(vertx);
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (await(client.get(port, "localhost", "/health").send()).statusCode() != 200) {
      assertThat(System.currentTimeMillis()).as("health within timeout").isLessThan(deadline);
      await(vertx.timer(100));
    }
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void eachPotholeOfTheDroneFlightIsRegisteredOnceWithinAMetreOfWhereItWasPut()
      throws IOException {
    JsonObject truth = new JsonObject(Files.readString(VIDEOS.resolve("truth-drone-nadir.json")));
    long survey = create(new JsonObject().put("name", "drone flight").put("kind", "drone"));

    HttpResponse<Buffer> accepted = upload(survey, MultipartForm.create()
        .binaryFileUpload("video", "drone-nadir.mp4", VIDEOS.resolve("drone-nadir.mp4").toString(),
            "video/mp4")
        .binaryFileUpload("telemetry", "drone-nadir.SRT",
            VIDEOS.resolve("drone-nadir.SRT").toString(), "application/x-subrip"));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);

    JsonObject done = awaitDone(survey);
    JsonObject media = done.getJsonArray("media").getJsonObject(0);
    assertThat(media.getString("state")).as(done.encode()).isEqualTo("done");
    int sampled = media.getInteger("framesSampled");
    // 48 m at 12 m with a 7.6 m long footprint and a third of overlap: one frame every ~5 m
    assertThat(sampled).as(done.encode()).isBetween(8, 14);
    assertThat(done.getInteger("accepted")).isEqualTo(sampled);
    assertThat(done.getInteger("processed")).isEqualTo(sampled);
    assertThat(done.getInteger("failed")).isZero();

    List<JsonObject> potholes = damages("D40");
    JsonArray pasted = truth.getJsonArray("potholes");
    for (int i = 0; i < pasted.size(); i++) {
      JsonObject p = pasted.getJsonObject(i);
      List<JsonObject> near = potholes.stream()
          .filter(d -> distanceM(d, p.getDouble("lon"), p.getDouble("lat")) <= TOLERANCE_M)
          .toList();
      assertThat(near).as(p.getString("id") + " once within 1 m; potholes: " + potholes)
          .hasSize(1);
    }
    assertThat(potholes).as("no pothole where none was pasted").hasSize(pasted.size());
    assertThat(done.getInteger("damages")).isGreaterThanOrEqualTo(pasted.size());
  }

  @Test
  void aDashcamRunIsPlacedByItsTrackAndFramesPastTheTrackAreRefused() throws IOException {
    JsonObject truth = new JsonObject(Files.readString(VIDEOS.resolve("truth-vehicle-run.json")));
    JsonObject mount = truth.getJsonObject("telemetry").getJsonObject("mount");
    long survey = create(new JsonObject().put("name", "dashcam run").put("kind", "vehicle")
        .put("profile", new JsonObject().put("mount", mount)
            .put("video", new JsonObject().put("focalLength35mm",
                truth.getJsonObject("camera").getDouble("focalLength35mmEq")))));

    HttpResponse<Buffer> accepted = upload(survey, MultipartForm.create()
        .binaryFileUpload("video", "vehicle-run.mp4", VIDEOS.resolve("vehicle-run.mp4").toString(),
            "video/mp4")
        .binaryFileUpload("track", "vehicle-run.gpx", VIDEOS.resolve("vehicle-run.gpx").toString(),
            "application/gpx+xml"));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);

    JsonObject done = awaitDone(survey);
    JsonObject media = done.getJsonArray("media").getJsonObject(0);
    assertThat(media.getString("state")).as(done.encode()).isEqualTo("done");
    // 8 s of track at 6 m/s, a frame every 4 m; the 2 s past the track's end are one refusal
    assertThat(done.getInteger("processed")).as(done.encode()).isBetween(10, 14);
    assertThat(media.getInteger("framesRefused")).as(done.encode()).isEqualTo(1);
    assertThat(done.getInteger("failed")).isEqualTo(1);

    List<JsonObject> potholes = damages("D40");
    JsonArray pasted = truth.getJsonArray("potholes");
    assertThat(potholes).as("the model finds potholes in the car's lane").isNotEmpty();
    for (JsonObject found : potholes) {
      double nearestM = Double.MAX_VALUE;
      for (int i = 0; i < pasted.size(); i++) {
        JsonObject p = pasted.getJsonObject(i);
        nearestM = Math.min(nearestM, distanceM(found, p.getDouble("lon"), p.getDouble("lat")));
      }
      assertThat(nearestM).as("every pothole found is one that was pasted: " + found)
          .isLessThanOrEqualTo(TOLERANCE_M);
    }
  }

  /** The register's damages of one class, read back from its GeoJSON. */
  private List<JsonObject> damages(String className) {
    JsonArray features = await(client.get(port, "localhost", "/v1/damages.geojson").send())
        .bodyAsJsonObject().getJsonArray("features");
    List<JsonObject> found = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      JsonObject feature = features.getJsonObject(i);
      JsonObject properties = feature.getJsonObject("properties");
      JsonArray lonLat = feature.getJsonObject("geometry").getJsonArray("coordinates");
      if (properties.getString("class").equals(className)) {
        found.add(properties.copy().put("lon", lonLat.getDouble(0))
            .put("lat", lonLat.getDouble(1)));
      }
    }
    return found;
  }

  private long create(JsonObject body) {
    HttpResponse<Buffer> created = await(client.post(port, "localhost", "/v1/surveys")
        .sendJsonObject(body));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getLong("id");
  }

  private HttpResponse<Buffer> upload(long survey, MultipartForm form) {
    return await(client.post(port, "localhost", "/v1/surveys/" + survey + "/media")
        .sendMultipartForm(form));
  }

  private JsonObject awaitDone(long survey) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (true) {
      JsonObject body = await(client.get(port, "localhost", "/v1/surveys/" + survey).send())
          .bodyAsJsonObject();
      if ("done".equals(body.getString("state"))) {
        return body;
      }
      assertThat(System.currentTimeMillis()).as("survey done in time: " + body.encode())
          .isLessThan(deadline);
      await(vertx.timer(200));
    }
  }

  private static double distanceM(JsonObject position, double lonDeg, double latDeg) {
    return Geodesic.WGS84.Inverse(position.getDouble("lat"), position.getDouble("lon"), latDeg,
        lonDeg).s12;
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
