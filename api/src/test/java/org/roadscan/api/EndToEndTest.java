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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.TestService;

/**
 * The path a user takes, on real parts only: the service with its embedded PostgreSQL (data in a
 * temporary directory), the shipped model from {@code models/roadscan-damage}, real multipart
 * uploads of the real photos in {@code sample-images/}, and the register read back over HTTP.
 *
 * <p>Positions are checked against each sample's {@code *.expected.json} with the tolerance
 * written there, in metres (geodesic distance on WGS84).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");
  private static final Path MODEL = Path.of("..", "models", "roadscan-damage");
  private static final long JOB_TIMEOUT_MS = 180_000;
  private static final String BOCHUMER = "gelsenkirchen-bochumer-str-pothole.jpg";
  private static final String BOCHUMER_RAIN = "gelsenkirchen-bochumer-str-pothole-rain.jpg";
  private static final String NADIR = "gelsenkirchen-ueckendorfer-str-pothole-nadir.jpg";
  private static final List<String> POTHOLE_SAMPLES = List.of(BOCHUMER, BOCHUMER_RAIN,
      "gelsenkirchen-kurt-schumacher-str-pothole.jpg", "gelsenkirchen-cranger-str-pothole.jpg",
      NADIR);

  private static Vertx vertx;
  private static WebClient client;
  private static int port;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    vertx = Vertx.vertx();
    AppConfig config = TestService.config(dataDir, null, Map.of(
        AppConfig.MODEL_DIR, MODEL.toString(), AppConfig.WORKERS, "2"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, Main::loadAnalyzer,
        Main.captureValidator());
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    client = WebClient.create(vertx);
    // the model loads after the server listens: /health turns 200 when it is ready
    long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MS;
    while (await(get("/health")).statusCode() != 200) {
      assertThat(System.currentTimeMillis()).as("health within timeout").isLessThan(deadline);
      await(vertx.timer(100));
    }
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  @Order(1)
  void everyPotholeSampleIsFoundWhereItsExpectedFileSays() throws IOException {
    for (String name : POTHOLE_SAMPLES) {
      JsonObject expected = expected(name);
      JsonObject job = uploadAndFinish(name);
      assertThat(job.getString("state")).as(name + ": " + job.encode()).isEqualTo("done");
      JsonArray observations = job.getJsonArray("observations");
      JsonObject damage = expected.getJsonArray("damages").getJsonObject(0);
      JsonObject found = best(observations, damage.getString("class"));
      assertThat(found).as(name + " has a " + damage.getString("class") + ": " + observations)
          .isNotNull();
      assertThat(found.getString("projection")).as(name).isEqualTo(expected.getString("projection"));
      double offM = distanceM(found.getJsonObject("position"), damage.getDouble("lon"),
          damage.getDouble("lat"));
      assertThat(offM).as(name + " metres from expected").isLessThanOrEqualTo(
          damage.getDouble("toleranceM"));
      assertThat(found.getDouble("uncertaintyM")).isPositive();
      assertThat(found.getJsonObject("footprint").getString("type")).isEqualTo("Polygon");
      JsonObject box = found.getJsonObject("box");
      assertThat(box.getDouble("x1")).isGreaterThan(box.getDouble("x0"));
      assertThat(found.getLong("damageId")).isNotNull();
    }
  }

  @Test
  @Order(2)
  void theNadirSampleIsProjectedWithAPlausibleFootprint() throws IOException {
    JsonObject expected = expected(NADIR).getJsonArray("damages").getJsonObject(0);
    JsonObject job = uploadAndFinish(NADIR); // same bytes again: the existing capture is reused
    JsonObject found = best(job.getJsonArray("observations"), "D40");
    assertThat(found.getString("projection")).isEqualTo("NADIR");
    JsonObject area = expected.getJsonObject("areaM2");
    assertThat(found.getDouble("areaM2")).isBetween(area.getDouble("min"), area.getDouble("max"));
    // 2 m above ground: the damage lies within a couple of metres of the camera
    assertThat(found.getDouble("uncertaintyM")).isLessThan(10.0);
    JsonArray ring = found.getJsonObject("footprint").getJsonArray("coordinates").getJsonArray(0);
    assertThat(ring.size()).isEqualTo(5);
    assertThat(ring.getJsonArray(0)).isEqualTo(ring.getJsonArray(4));
  }

  @Test
  @Order(3)
  void twoPhotosOfOnePotholeMakeOneDamageAndUploadingThemAgainAddsNothing() throws IOException {
    JsonObject near = expected(BOCHUMER).getJsonArray("damages").getJsonObject(0);
    List<JsonObject> potholes = damagesNear("D40", near.getDouble("lon"), near.getDouble("lat"), 30);
    assertThat(potholes).as("D40 damages near Bochumer Str.").hasSize(1);
    assertThat(potholes.get(0).getInteger("observationCount")).isGreaterThanOrEqualTo(2);
    assertThat(potholes.get(0).getString("firstSeen")).startsWith("2026-10-14");
    assertThat(potholes.get(0).getString("lastSeen")).startsWith("2026-10-21");

    int before = allDamages().size();
    JsonObject again = uploadAndFinish(BOCHUMER);
    JsonObject againRain = uploadAndFinish(BOCHUMER_RAIN);
    assertThat(again.getString("state")).isEqualTo("done");
    assertThat(againRain.getString("state")).isEqualTo("done");
    assertThat(allDamages()).hasSize(before);
    assertThat(damagesNear("D40", near.getDouble("lon"), near.getDouble("lat"), 30).get(0)
        .getInteger("observationCount")).isEqualTo(potholes.get(0).getInteger("observationCount"));
  }

  @Test
  @Order(4)
  void photosWithoutDamageAreAcceptedAndTheRepairListIsRankedByScore() {
    JsonObject aerial = uploadAndFinish("caliterra-aerial-nadir-djixmp.jpg");
    JsonObject street = uploadAndFinish("lund-street.jpg");
    assertThat(aerial.getString("state")).isEqualTo("done");
    assertThat(street.getString("state")).isEqualTo("done");
    aerial.getJsonArray("observations").forEach(o ->
        assertThat(((JsonObject) o).getString("projection")).isEqualTo("NADIR"));

    HttpResponse<Buffer> response = await(get("/v1/repairs?limit=500"));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray repairs = response.bodyAsJsonObject().getJsonArray("repairs");
    assertThat(repairs.size()).isEqualTo(allDamages().size()).isGreaterThanOrEqualTo(4);
    for (int i = 1; i < repairs.size(); i++) {
      assertThat(repairs.getJsonObject(i).getDouble("score"))
          .isLessThanOrEqualTo(repairs.getJsonObject(i - 1).getDouble("score"));
    }
    JsonObject top = repairs.getJsonObject(0);
    assertThat(top.getDouble("score")).isPositive();
    assertThat(top.getJsonObject("parts").getDouble("severity")).isPositive();
  }

  @Test
  @Order(5)
  void badUploadsAreRefusedWithProblemsNamingTheFault() throws IOException {
    byte[] noGps = Files.readAllBytes(Path.of("src", "test", "resources", "no-gps.jpg"));
    HttpResponse<Buffer> missing = await(upload("no-gps.jpg", noGps));
    assertThat(missing.statusCode()).isEqualTo(422);
    assertThat(missing.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(missing.bodyAsJsonObject().getString("field")).startsWith("GPSL");

    HttpResponse<Buffer> png = await(upload("readme.png",
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0}));
    assertThat(png.statusCode()).isEqualTo(415);
    assertThat(png.bodyAsJsonObject().getString("detail")).contains("readme.png");

    HttpResponse<Buffer> unknown = await(get("/v1/jobs/00000000-0000-0000-0000-000000000000"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.getHeader("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  @Order(6)
  void theGeoJsonExportHoldsTheWholeRegister() {
    HttpResponse<Buffer> response = await(get("/v1/damages.geojson"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/geo+json");
    JsonObject collection = response.bodyAsJsonObject();
    assertThat(collection.getString("type")).isEqualTo("FeatureCollection");
    JsonArray features = collection.getJsonArray("features");
    assertThat(features.size()).isEqualTo(allDamages().size());
    JsonObject first = features.getJsonObject(0);
    JsonArray lonLat = first.getJsonObject("geometry").getJsonArray("coordinates");
    assertThat(lonLat.getDouble(0)).isBetween(-180.0, 180.0);
    assertThat(first.getJsonObject("properties").getString("class")).isNotBlank();
  }

  // ---------------------------------------------------------------- helpers

  private static JsonObject expected(String image) throws IOException {
    return new JsonObject(Files.readString(SAMPLES.resolve(image.replace(".jpg",
        ".expected.json"))));
  }

  private static JsonObject uploadAndFinish(String name) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(SAMPLES.resolve(name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<Buffer> accepted = await(upload(name, bytes));
    assertThat(accepted.statusCode()).as(name + ": " + accepted.bodyAsString()).isEqualTo(202);
    String url = accepted.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0)
        .getString("url");
    long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MS;
    while (true) {
      JsonObject job = await(get(url)).bodyAsJsonObject();
      String state = job.getString("state");
      if ("done".equals(state) || "failed".equals(state)) {
        return job;
      }
      assertThat(System.currentTimeMillis()).as(name + " still " + state).isLessThan(deadline);
      await(vertx.timer(100));
    }
  }

  /** The most confident observation of that class, or null. */
  private static JsonObject best(JsonArray observations, String className) {
    JsonObject best = null;
    for (int i = 0; i < observations.size(); i++) {
      JsonObject o = observations.getJsonObject(i);
      if (o.getString("class").equals(className)
          && (best == null || o.getDouble("confidence") > best.getDouble("confidence"))) {
        best = o;
      }
    }
    return best;
  }

  private static List<JsonObject> allDamages() {
    JsonArray features = await(get("/v1/damages.geojson")).bodyAsJsonObject()
        .getJsonArray("features");
    List<JsonObject> damages = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      JsonObject feature = features.getJsonObject(i);
      JsonObject properties = feature.getJsonObject("properties").copy();
      JsonArray lonLat = feature.getJsonObject("geometry").getJsonArray("coordinates");
      properties.put("position", new JsonObject().put("lon", lonLat.getDouble(0))
          .put("lat", lonLat.getDouble(1)));
      damages.add(properties);
    }
    return damages;
  }

  private static List<JsonObject> damagesNear(String className, double lonDeg, double latDeg,
      double radiusM) {
    return allDamages().stream()
        .filter(d -> d.getString("class").equals(className))
        .filter(d -> distanceM(d.getJsonObject("position"), lonDeg, latDeg) <= radiusM)
        .toList();
  }

  private static double distanceM(JsonObject position, double lonDeg, double latDeg) {
    return Geodesic.WGS84.Inverse(position.getDouble("lat"), position.getDouble("lon"), latDeg,
        lonDeg).s12;
  }

  private static Future<HttpResponse<Buffer>> upload(String fileName, byte[] bytes) {
    return client.post(port, "localhost", "/v1/captures").sendMultipartForm(MultipartForm.create()
        .binaryFileUpload("image", fileName, Buffer.buffer(bytes), "image/jpeg"));
  }

  private static Future<HttpResponse<Buffer>> get(String path) {
    return client.get(port, "localhost", path).send();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(JOB_TIMEOUT_MS,
          TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
