package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.model.ModelSpec;
import org.roadscan.detector.testing.SyntheticJpeg;

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
  private static final String OBLIQUE = "gelsenkirchen-grothusstr-pothole-oblique-djixmp.jpg";
  private static final String VEHICLE = "gelsenkirchen-wanner-str-pothole-vehicle.jpg";
  private static final List<String> POTHOLE_SAMPLES = List.of(BOCHUMER, BOCHUMER_RAIN,
      "gelsenkirchen-kurt-schumacher-str-pothole.jpg", "gelsenkirchen-cranger-str-pothole.jpg",
      NADIR, OBLIQUE, VEHICLE);

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
    client = TestService.client(vertx);
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
  void healthSaysWhatTheLoadedModelReports() throws IOException {
    HttpResponse<Buffer> health = await(get("/health"));
    JsonObject body = health.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getString("model")).isEqualTo("roadscan-damage");
    assertThat(body.getJsonArray("classes").getList()).containsExactly("D00", "D10", "D20", "D40");
    // the shipped operating points, as serving.properties states them
    ModelSpec shipped = ModelSpec.read(MODEL);
    JsonObject thresholds = body.getJsonObject("thresholds");
    assertThat(thresholds.fieldNames()).containsExactly("D00", "D10", "D20", "D40");
    for (String name : shipped.classNames()) {
      assertThat(thresholds.getDouble(name)).as(name)
          .isEqualTo(shipped.threshold(shipped.indexOf(name)));
    }
    // the shipped model has a selfcheck.txt, and this machine's engine reproduced it
    assertThat(body.getString("selfCheck")).isEqualTo("PASSED");
    assertThat(body.getInteger("workers")).isEqualTo(2);
  }

  @Test
  @Order(1)
  void everyPotholeSampleIsFoundWhereItsExpectedFileSays() throws IOException {
    for (String name : POTHOLE_SAMPLES) {
      JsonObject expected = expected(name);
      JsonObject job = uploadAndFinish(name);
      assertThat(job.getJsonObject("georeference").getString("projection")).as(name)
          .isEqualTo(expected.getString("projection"));
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
  @Order(2)
  void obliqueDroneAndVehicleSamplesAreProjectedAndSayHow() throws IOException {
    JsonObject oblique = uploadAndFinish(OBLIQUE);
    assertThat(oblique.getJsonObject("georeference").getString("projection")).isEqualTo("OBLIQUE");
    assertThat(oblique.getJsonObject("georeference").getString("basis"))
        .contains("oblique drone photo", "GimbalYawDegree", "FocalLengthIn35mmFilm");
    JsonObject obliquePothole = best(oblique.getJsonArray("observations"), "D40");
    assertThat(obliquePothole.getDouble("lengthM")).isBetween(0.5, 5.0);
    assertThat(obliquePothole.getDouble("uncertaintyM")).isBetween(3.0, 6.0);

    JsonObject vehicle = uploadAndFinish(VEHICLE);
    JsonObject mount = vehicle.getJsonObject("profile").getJsonObject("mount");
    assertThat(mount.getDouble("heightM")).isEqualTo(1.4);
    assertThat(mount.getDouble("pitchDeg")).isEqualTo(-3.0);
    assertThat(vehicle.getJsonObject("georeference").getString("projection")).isEqualTo("VEHICLE");
    assertThat(vehicle.getJsonObject("georeference").getString("basis"))
        .contains("heading from GPSImgDirection");
    JsonObject vehiclePothole = best(vehicle.getJsonArray("observations"), "D40");
    assertThat(vehiclePothole.getDouble("lengthM")).isPositive();
  }

  @Test
  @Order(3)
  void aVehicleRunWithoutHeadingsIsOrientedByItsTrack() {
    // Three frames of a run driving east at about 10 m/s, one second apart, without
    // GPSImgDirection; the road is featureless, so the model finds nothing, but each job states
    // the heading it derived and how the capture would be projected.
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      frames.add(SyntheticJpeg.builder(640, 480)
          .gps(TestCaptures.lonEast(300 + 10.0 * i), TestCaptures.latNorth(300))
          .gpsDateTimeUtc(Instant.parse("2026-10-20T10:00:00Z").plusSeconds(i))
          .make("Google").model("Pixel 6a").focalLength35mm(26).build());
    }
    HttpResponse<Buffer> accepted = await(upload(frames,
        new JsonObject().put("mount", new JsonObject().put("heightM", 1.3).put("pitchDeg", -10))));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonArray jobs = accepted.bodyAsJsonObject().getJsonArray("jobs");
    for (int i = 0; i < jobs.size(); i++) {
      JsonObject job = finish(jobs.getJsonObject(i).getString("url"));
      assertThat(job.getString("state")).isEqualTo("done");
      assertThat(job.getDouble("trackHeadingDeg")).isCloseTo(90.0, within(0.5));
      assertThat(job.getJsonObject("georeference").getString("projection")).isEqualTo("VEHICLE");
      assertThat(job.getJsonObject("georeference").getString("basis"))
          .contains("driving direction from the GPS track");
    }
  }

  @Test
  @Order(3)
  void impossibleMetadataIsRefusedAtUploadNamingTheTag() {
    record Case(String why, SyntheticJpeg.Builder image, int status, String field) {
    }
    List<Case> cases = List.of(
        new Case("pitch above the horizon", drone().djiXmp("GimbalPitchDegree", "+10.00"), 422,
            "GimbalPitchDegree"),
        new Case("altitude 0", drone().djiXmp("RelativeAltitude", "+0.00"), 422,
            "RelativeAltitude"),
        new Case("negative altitude", drone().djiXmp("RelativeAltitude", "-4.20"), 422,
            "RelativeAltitude"),
        new Case("NaN yaw", drone().djiXmp("GimbalYawDegree", "NaN"), 422, "GimbalYawDegree"),
        new Case("no altitude", SyntheticJpeg.builder(640, 480).gps(7.1, 51.5).model("FC6310")
            .focalLength35mm(24).djiXmp("GimbalPitchDegree", "-90.00")
            .djiXmp("GimbalYawDegree", "+0.00"), 422, "RelativeAltitude"),
        new Case("unknown camera, no focal length", SyntheticJpeg.builder(640, 480).gps(7.1, 51.5)
            .model("ZH20T").djiXmp("RelativeAltitude", "+40.00")
            .djiXmp("GimbalPitchDegree", "-45.00").djiXmp("GimbalYawDegree", "+0.00"), 422,
            "FocalLength"));
    for (Case c : cases) {
      HttpResponse<Buffer> refused = await(upload(List.of(c.image().build()), null));
      assertThat(refused.statusCode()).as(c.why() + ": " + refused.bodyAsString())
          .isEqualTo(c.status());
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.bodyAsJsonObject().getString("field")).as(c.why()).isEqualTo(c.field());
      assertThat(refused.bodyAsJsonObject().getString("detail")).as(c.why()).isNotBlank();
    }
  }

  @Test
  @Order(3)
  void anUnknownCameraIsProjectedWithTheSurveyCameraOverride() {
    byte[] unknownCamera = SyntheticJpeg.builder(640, 480).gps(TestCaptures.lonEast(-500),
        TestCaptures.latNorth(-500)).model("ZH20T").djiXmp("RelativeAltitude", "+40.00")
        .djiXmp("GimbalPitchDegree", "-90.00").djiXmp("GimbalYawDegree", "+0.00").build();

    HttpResponse<Buffer> accepted = await(upload(List.of(unknownCamera),
        new JsonObject().put("camera", new JsonObject().put("focalLengthPx", 520))));

    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonObject job = finish(accepted.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0)
        .getString("url"));
    assertThat(job.getJsonObject("georeference").getString("basis")).contains("survey profile");
  }

  @Test
  @Order(3)
  void aMalformedProfileIsRefusedNamingTheMember() {
    byte[] image = drone().build();
    Map<String, String> bad = Map.of(
        "{\"mount\": {\"heightM\": -1, \"pitchDeg\": -10}}", "profile.mount.heightM",
        "{\"mount\": {\"heightM\": 1.4, \"pitchDeg\": 5}}", "profile.mount.pitchDeg",
        "{\"mount\": {\"heightM\": 1.4}}", "profile.mount.pitchDeg",
        "{\"camera\": {\"focalLenghtPx\": 3000}}", "profile.camera.focalLenghtPx",
        "{\"gpsAccuracyM\": \"five\"}", "profile.gpsAccuracyM",
        "not json", "profile");
    bad.forEach((profile, field) -> {
      HttpResponse<Buffer> refused = await(client.post(port, "localhost", "/v1/captures")
          .sendMultipartForm(MultipartForm.create().attribute("profile", profile)
              .binaryFileUpload("image", "a.jpg", Buffer.buffer(image), "image/jpeg")));
      assertThat(refused.statusCode()).as(profile + ": " + refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("type")).endsWith("invalid-profile");
      assertThat(refused.bodyAsJsonObject().getString("field")).as(profile).isEqualTo(field);
    });
  }

  @Test
  @Order(3)
  void twoPhotosOfOnePotholeMakeOneDamageAndUploadingThemAgainAddsNothing() throws IOException {
    JsonObject near = expected(BOCHUMER).getJsonArray("damages").getJsonObject(0);
    List<JsonObject> potholes = damagesNear("D40", near.getDouble("lon"), near.getDouble("lat"), 30);
    // The pothole of both photos is one damage. Boxes of one photo are different damages by
    // construction (issue #26): a further box the model finds in one of them is its own damage.
    List<JsonObject> seenInBoth = potholes.stream()
        .filter(d -> !d.getString("firstSeen").equals(d.getString("lastSeen"))).toList();
    assertThat(seenInBoth).as("D40 damages near Bochumer Str. seen in both photos: %s", potholes)
        .hasSize(1);
    JsonObject pothole = seenInBoth.get(0);
    assertThat(pothole.getInteger("observationCount")).isEqualTo(2);
    assertThat(pothole.getString("firstSeen")).startsWith("2026-10-14");
    assertThat(pothole.getString("lastSeen")).startsWith("2026-10-21");
    assertThat(potholes).filteredOn(d -> d != pothole)
        .allSatisfy(d -> assertThat(d.getInteger("observationCount")).isEqualTo(1));

    int before = allDamages().size();
    JsonObject again = uploadAndFinish(BOCHUMER);
    JsonObject againRain = uploadAndFinish(BOCHUMER_RAIN);
    assertThat(again.getString("state")).isEqualTo("done");
    assertThat(againRain.getString("state")).isEqualTo("done");
    assertThat(allDamages()).hasSize(before);
    assertThat(damagesNear("D40", near.getDouble("lon"), near.getDouble("lat"), 30))
        .filteredOn(d -> d.getLong("id").equals(pothole.getLong("id")))
        .singleElement().satisfies(d -> assertThat(d.getInteger("observationCount")).isEqualTo(2));
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
    JsonArray doubted = await(get("/v1/repairs?limit=500&plausibility=implausible"))
        .bodyAsJsonObject().getJsonArray("repairs");
    assertThat(repairs.size() + doubted.size()).isEqualTo(allDamages().size());
    assertThat(repairs.size()).isGreaterThanOrEqualTo(4);
    for (int i = 1; i < repairs.size(); i++) {
      assertThat(repairs.getJsonObject(i).getDouble("score"))
          .isLessThanOrEqualTo(repairs.getJsonObject(i - 1).getDouble("score"));
      assertThat(repairs.getJsonObject(i).getJsonArray("implausible")).isEmpty();
    }
    JsonObject top = repairs.getJsonObject(0);
    assertThat(top.getDouble("score")).isPositive();
    assertThat(top.getJsonObject("parts").getJsonObject("severity").getDouble("value"))
        .isPositive();
    assertThat(top.getDouble("grade")).isBetween(1.0, 5.0);
    assertTheAerialFramePutsNothingOnTheDefaultRepairList(aerial);
  }

  /**
   * Issue #25: the aerial frame shows fields and rural roads without damage; whatever the model
   * reports there must not reach the default repair list (the shipped model's "potholes" there had
   * ground footprints of 18 to 586 m²). They stay in the register, with the reason.
   */
  private static void assertTheAerialFramePutsNothingOnTheDefaultRepairList(JsonObject aerial) {
    Set<Long> aerialDamages = new HashSet<>();
    aerial.getJsonArray("observations").forEach(o ->
        aerialDamages.add(((JsonObject) o).getLong("damageId")));
    JsonArray repairs = await(get("/v1/repairs?limit=500")).bodyAsJsonObject()
        .getJsonArray("repairs");
    for (int i = 0; i < repairs.size(); i++) {
      assertThat(aerialDamages).doesNotContain(repairs.getJsonObject(i).getLong("id"));
    }
    JsonArray doubted = await(get("/v1/repairs?limit=500&plausibility=implausible"))
        .bodyAsJsonObject().getJsonArray("repairs");
    Set<Long> doubtedIds = new HashSet<>();
    for (int i = 0; i < doubted.size(); i++) {
      JsonObject damage = doubted.getJsonObject(i);
      doubtedIds.add(damage.getLong("id"));
      JsonObject reason = damage.getJsonArray("implausible").getJsonObject(0);
      assertThat(reason.getString("reason")).isEqualTo("size");
      assertThat(reason.getString("detail")).contains("larger than any real");
    }
    assertThat(doubtedIds).containsAll(aerialDamages);
    String csv = await(get("/v1/repairs.csv?plausibility=implausible")).bodyAsString();
    assertThat(csv.split("\r\n")[0]).endsWith(",implausible");
    if (!aerialDamages.isEmpty()) {
      assertThat(csv).contains("size: ");
    }
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
    JsonObject profile;
    try {
      profile = expected(name).getJsonObject("profile");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<Buffer> accepted = await(client.post(port, "localhost", "/v1/captures")
        .sendMultipartForm(form(profile).binaryFileUpload("image", name, Buffer.buffer(bytes),
            "image/jpeg")));
    assertThat(accepted.statusCode()).as(name + ": " + accepted.bodyAsString()).isEqualTo(202);
    return finish(accepted.bodyAsJsonObject().getJsonArray("jobs").getJsonObject(0)
        .getString("url"));
  }

  private static MultipartForm form(JsonObject profile) {
    MultipartForm form = MultipartForm.create();
    if (profile != null) {
      form.attribute("profile", profile.encode());
    }
    return form;
  }

  /** POSTs images (named frame-N.jpg) with an optional profile. */
  private static Future<HttpResponse<Buffer>> upload(List<byte[]> images, JsonObject profile) {
    MultipartForm form = form(profile);
    for (int i = 0; i < images.size(); i++) {
      form.binaryFileUpload("image", "frame-" + i + ".jpg", Buffer.buffer(images.get(i)),
          "image/jpeg");
    }
    return client.post(port, "localhost", "/v1/captures").sendMultipartForm(form);
  }

  /** A drone photo with a complete, valid nadir pose that cases then spoil. */
  private static SyntheticJpeg.Builder drone() {
    return SyntheticJpeg.builder(640, 480).gps(7.1, 51.5).make("DJI").model("FC6310")
        .focalLength35mm(24).djiXmp("RelativeAltitude", "+40.00")
        .djiXmp("GimbalPitchDegree", "-90.00").djiXmp("GimbalYawDegree", "+0.00");
  }

  private static JsonObject finish(String url) {
    long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MS;
    while (true) {
      JsonObject job = await(get(url)).bodyAsJsonObject();
      String state = job.getString("state");
      if ("done".equals(state) || "failed".equals(state)) {
        return job;
      }
      assertThat(System.currentTimeMillis()).as(url + " still " + state).isLessThan(deadline);
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
