package org.roadscan.api.repairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.roadscan.api.testing.TestCaptures.analysis;
import static org.roadscan.api.testing.TestCaptures.observation;
import static org.roadscan.api.testing.TestService.get;

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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.priority.DamageFacts;
import org.roadscan.api.priority.PriorityPolicy;
import org.roadscan.api.priority.PriorityScore;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestRegister;
import org.roadscan.api.testing.TestService;

/**
 * Six photos uploaded in one request become five damages (two photos show the same pothole),
 * listed by priority through the real server and database; the analyzer is a scripted fake.
 */
@ExtendWith(VertxExtension.class)
class RepairListWithFakeAnalyzerTest {

  private static final Instant MONDAY = Instant.parse("2025-06-02T09:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2025-06-03T09:00:00Z");

  /**
   * Expected order: class, east m, area m². 100 m apart so only the two pothole photos merge. With
   * the default weights, no layers and ages past a year, a 0.5 m² pothole outranks a 2 m²
   * alligator crack (severity weighs more than size).
   */
  private static final List<Object[]> RANKED = List.of(
      new Object[] {"D40", 0.0, 2.0},
      new Object[] {"D40", 300.0, 0.5},
      new Object[] {"D20", 100.0, 2.0},
      new Object[] {"D10", 200.0, 2.0},
      new Object[] {"D00", 400.0, 0.0});

  private static int port;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) {
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i < RANKED.size(); i++) {
      byte[] photo = TestImages.jpeg(100 + i);
      analyzer.script(photo, analysis(MONDAY, observation((String) RANKED.get(i)[0],
          (double) RANKED.get(i)[1], 0, (double) RANKED.get(i)[2], 1.0)));
      form.binaryFileUpload("image", "photo-" + i + ".jpg", Buffer.buffer(photo), "image/jpeg");
    }
    byte[] potholeAgain = TestImages.jpeg(200);
    analyzer.script(potholeAgain, analysis(TUESDAY, observation("D40", 0.5, 0, 1.0, 1.0)));
    form.binaryFileUpload("image", "pothole-again.jpg", Buffer.buffer(potholeAgain), "image/jpeg");

    client = TestService.client(vertx);
    TestRegister.start(vertx, client, dataDir, SharedPostgres.newDatabaseUrl(), analyzer, form)
        .map(started -> {
          port = started.port();
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  private static void assertRanked(JsonObject repair, int rank) {
    Object[] expected = RANKED.get(rank);
    assertThat(repair.getString("class")).isEqualTo(expected[0]);
    double areaM2 = (double) expected[2];
    PriorityScore score = new PriorityPolicy().score(new DamageFacts((String) expected[0], areaM2,
        0, areaM2, MONDAY, rank == 0 ? TUESDAY : MONDAY, TestCaptures.lonEast((double) expected[1]),
        TestCaptures.ORIGIN_LAT_DEG, repair.getDouble("uncertaintyM")), Instant.now());
    assertThat(repair.getDouble("score")).isCloseTo(score.score(), within(1e-6));
    assertThat(repair.getDouble("grade")).isEqualTo(score.grade());
    assertThat(repair.getJsonObject("parts").getString("formula")).isNotBlank();
    assertThat(repair.getString("status")).isEqualTo("new");
    assertThat(repair.getLong("id")).isNotNull();
    assertThat(repair.getDouble("areaM2")).isNotNull();
    assertThat(repair.getString("firstSeen")).isEqualTo(MONDAY.toString());
  }

  @Test
  void repairsAreRankedByScoreAndPagedWithAStableCursor(VertxTestContext tc) {
    List<JsonObject> seen = new ArrayList<>();
    get(client, port, "/v1/repairs?limit=2")
        .compose(first -> {
          assertThat(first.statusCode()).isEqualTo(200);
          JsonObject page = first.bodyAsJsonObject();
          page.getJsonArray("repairs").forEach(r -> seen.add((JsonObject) r));
          assertThat(first.getHeader("Link")).contains(page.getString("next"));
          return get(client, port, page.getString("next"));
        })
        .compose(second -> {
          JsonObject page = second.bodyAsJsonObject();
          page.getJsonArray("repairs").forEach(r -> seen.add((JsonObject) r));
          return get(client, port, page.getString("next"));
        })
        .map(third -> {
          JsonObject page = third.bodyAsJsonObject();
          page.getJsonArray("repairs").forEach(r -> seen.add((JsonObject) r));
          assertThat(page.getValue("next")).isNull();
          assertThat(seen).hasSize(RANKED.size());
          for (int rank = 0; rank < RANKED.size(); rank++) {
            assertRanked(seen.get(rank), rank);
          }
          JsonObject pothole = seen.get(0);
          assertThat(pothole.getInteger("observationCount")).isEqualTo(2);
          assertThat(pothole.getString("lastSeen")).isEqualTo(TUESDAY.toString());
          assertThat(pothole.getDouble("areaM2")).isEqualTo(2.0);
          // Each photo's only box is the pothole, so the later photo's offset is the whole
          // 0.5 m and the damage stays where the photo registered first saw it (MergeRule).
          double lon = pothole.getJsonObject("position").getDouble("lon");
          assertThat(Math.min(Math.abs(lon - TestCaptures.lonEast(0)),
              Math.abs(lon - TestCaptures.lonEast(0.5)))).isLessThan(1e-9);
          assertThat(pothole.getJsonObject("position").getDouble("lat"))
              .isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-9));
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void damagesAreAGeoJsonFeatureCollectionOfPoints(VertxTestContext tc) {
    get(client, port, "/v1/damages.geojson")
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).isEqualTo("application/geo+json");
          JsonObject collection = response.bodyAsJsonObject();
          assertThat(collection.getString("type")).isEqualTo("FeatureCollection");
          JsonArray features = collection.getJsonArray("features");
          assertThat(features).hasSize(RANKED.size());
          for (int rank = 0; rank < RANKED.size(); rank++) {
            JsonObject feature = features.getJsonObject(rank);
            assertThat(feature.getString("type")).isEqualTo("Feature");
            JsonObject geometry = feature.getJsonObject("geometry");
            assertThat(geometry.getString("type")).isEqualTo("Point");
            JsonArray lonLat = geometry.getJsonArray("coordinates");
            assertThat(lonLat).hasSize(2);
            assertThat(lonLat.getDouble(1))
                .isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-9));
            assertRanked(feature.getJsonObject("properties"), rank);
            assertThat(feature.getLong("id"))
                .isEqualTo(feature.getJsonObject("properties").getLong("id"));
          }
          assertThat(features.getJsonObject(3).getJsonObject("geometry").getJsonArray("coordinates")
              .getDouble(0)).isCloseTo(TestCaptures.lonEast(200), within(1e-9));
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void repairsAreFilteredByClassGradeBoxAndStatus(VertxTestContext tc) {
    double west = TestCaptures.lonEast(150);
    double east = TestCaptures.lonEast(250);
    String bbox = west + "," + (TestCaptures.ORIGIN_LAT_DEG - 0.001) + "," + east + ","
        + (TestCaptures.ORIGIN_LAT_DEG + 0.001);
    Future.all(List.of(
            get(client, port, "/v1/repairs?class=D40"),
            get(client, port, "/v1/repairs?class=D10,D20&minGrade=3.5"),
            get(client, port, "/v1/repairs?bbox=" + bbox),
            get(client, port, "/v1/repairs?status=rejected,verified"),
            get(client, port, "/v1/repairs?status=all&minGrade=4.5")))
        .map(all -> {
          JsonArray potholes = all.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject()
              .getJsonArray("repairs");
          assertThat(potholes).hasSize(2);
          potholes.forEach(r -> assertThat(((JsonObject) r).getString("class")).isEqualTo("D40"));
          JsonArray cracks = all.<HttpResponse<Buffer>>resultAt(1).bodyAsJsonObject()
              .getJsonArray("repairs");
          assertThat(cracks).isNotEmpty();
          cracks.forEach(r -> {
            assertThat(((JsonObject) r).getString("class")).isIn("D10", "D20");
            assertThat(((JsonObject) r).getDouble("grade")).isGreaterThanOrEqualTo(3.5);
          });
          JsonArray inBox = all.<HttpResponse<Buffer>>resultAt(2).bodyAsJsonObject()
              .getJsonArray("repairs");
          assertThat(inBox).hasSize(1);
          assertThat(inBox.getJsonObject(0).getString("class")).isEqualTo("D10");
          assertThat(all.<HttpResponse<Buffer>>resultAt(3).bodyAsJsonObject()
              .getJsonArray("repairs")).isEmpty();
          all.<HttpResponse<Buffer>>resultAt(4).bodyAsJsonObject().getJsonArray("repairs")
              .forEach(r -> assertThat(((JsonObject) r).getDouble("grade"))
                  .isGreaterThanOrEqualTo(4.5));
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void sortingByGradePagesWithItsOwnCursor(VertxTestContext tc) {
    List<JsonObject> seen = new ArrayList<>();
    get(client, port, "/v1/repairs?sort=grade&limit=3")
        .compose(first -> {
          JsonObject page = first.bodyAsJsonObject();
          page.getJsonArray("repairs").forEach(r -> seen.add((JsonObject) r));
          assertThat(page.getString("next")).contains("sort=grade");
          String cursor = page.getString("next").replaceAll(".*cursor=", "");
          return get(client, port, "/v1/repairs?cursor=" + cursor) // sort=priority: refused
              .compose(mismatch -> {
                assertThat(mismatch.statusCode()).isEqualTo(400);
                assertThat(mismatch.bodyAsJsonObject().getString("field")).isEqualTo("cursor");
                return get(client, port, page.getString("next"));
              });
        })
        .map(second -> {
          second.bodyAsJsonObject().getJsonArray("repairs").forEach(r -> seen.add((JsonObject) r));
          assertThat(seen).hasSize(RANKED.size());
          for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).getDouble("grade"))
                .isLessThanOrEqualTo(seen.get(i - 1).getDouble("grade"));
          }
          assertThat(seen.stream().map(r -> r.getLong("id")).distinct()).hasSize(RANKED.size());
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void theRepairListDownloadsAsCsvAndGeoJson(VertxTestContext tc) {
    Future.all(get(client, port, "/v1/repairs.csv"), get(client, port, "/v1/repairs.csv?class=D40"),
            get(client, port, "/v1/repairs.geojson?sort=lastSeen"),
            get(client, port, "/v1/repairs.csv?limit=5"))
        .map(all -> {
          HttpResponse<Buffer> csv = all.resultAt(0);
          assertThat(csv.statusCode()).isEqualTo(200);
          assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
          assertThat(csv.getHeader("Content-Disposition")).contains("repairs.csv");
          String[] lines = csv.bodyAsString().split("\r\n");
          assertThat(lines).hasSize(1 + RANKED.size());
          assertThat(lines[0]).startsWith("id,class,status,grade,score,lon,lat");
          assertThat(lines[1]).contains(",D40,new,");
          String[] potholes = all.<HttpResponse<Buffer>>resultAt(1).bodyAsString().split("\r\n");
          assertThat(potholes).hasSize(3);
          JsonObject geojson = all.<HttpResponse<Buffer>>resultAt(2).bodyAsJsonObject();
          assertThat(geojson.getString("type")).isEqualTo("FeatureCollection");
          JsonArray features = geojson.getJsonArray("features");
          assertThat(features).hasSize(RANKED.size());
          assertThat(features.getJsonObject(0).getJsonObject("properties").getString("lastSeen"))
              .isEqualTo(TUESDAY.toString());
          HttpResponse<Buffer> unknownParameter = all.resultAt(3);
          assertThat(unknownParameter.statusCode()).isEqualTo(400);
          assertThat(unknownParameter.bodyAsJsonObject().getString("field")).isEqualTo("limit");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void badFiltersAre400NamingTheParameter(VertxTestContext tc) {
    Map<String, String> bad = Map.of(
        "/v1/repairs?status=fixed", "status",
        "/v1/repairs?bbox=7,51,8", "bbox",
        "/v1/repairs?bbox=7,52,8,51", "bbox",
        "/v1/repairs?minGrade=6", "minGrade",
        "/v1/repairs?sort=size", "sort",
        "/v1/repairs?plausibility=maybe", "plausibility",
        "/v1/repairs.csv?plausibility=", "plausibility",
        "/v1/repairs?colour=red", "colour");
    List<Future<HttpResponse<Buffer>>> responses = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    bad.forEach((url, field) -> {
      responses.add(get(client, port, url));
      fields.add(field);
    });
    Future.all(responses)
        .map(all -> {
          for (int i = 0; i < fields.size(); i++) {
            HttpResponse<Buffer> response = all.resultAt(i);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo(fields.get(i));
          }
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void badPagingParametersAre400NamingTheParameter(VertxTestContext tc) {
    get(client, port, "/v1/repairs?limit=0")
        .compose(badLimit -> {
          assertThat(badLimit.statusCode()).isEqualTo(400);
          assertThat(badLimit.bodyAsJsonObject().getString("field")).isEqualTo("limit");
          return get(client, port, "/v1/repairs?cursor=bm90LWEtY3Vyc29y");
        })
        .map(badCursor -> {
          assertThat(badCursor.statusCode()).isEqualTo(400);
          assertThat(badCursor.bodyAsJsonObject().getString("type"))
              .isEqualTo(ProblemType.INVALID_PARAMETER.uri());
          assertThat(badCursor.bodyAsJsonObject().getString("field")).isEqualTo("cursor");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void healthIsUpWithModelAndDatabase(VertxTestContext tc) {
    get(client, port, "/health")
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          JsonObject health = response.bodyAsJsonObject();
          assertThat(health.getString("status")).isEqualTo("UP");
          assertThat(health.getString("database")).isEqualTo("UP");
          assertThat(health.getString("model")).isEqualTo("roadscan-damage");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void unknownRoutesAndWrongMethodsAreProblems(VertxTestContext tc) {
    get(client, port, "/v1/nothing-here")
        .compose(unknown -> {
          assertProblem(unknown, ProblemType.NOT_FOUND);
          return client.delete(port, "localhost", "/v1/repairs").send();
        })
        .map(wrongMethod -> {
          assertProblem(wrongMethod, ProblemType.METHOD_NOT_ALLOWED);
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  private static void assertProblem(HttpResponse<Buffer> response, ProblemType type) {
    assertThat(response.statusCode()).isEqualTo(type.status());
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo(type.uri());
    assertThat(response.bodyAsJsonObject().getString("title")).isEqualTo(type.title());
  }
}
