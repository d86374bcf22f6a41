package org.roadscan.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.roadscan.api.testing.TestCaptures.analysis;
import static org.roadscan.api.testing.TestCaptures.observation;
import static org.roadscan.api.testing.TestService.finishedJob;
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
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.jobs.CaptureValidator;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * Six photos uploaded in one request become five damages (two photos show the same pothole),
 * listed by priority through the real server and database; the analyzer is a scripted fake.
 */
@ExtendWith(VertxExtension.class)
class RepairListWithFakeAnalyzerTest {

  private static final Instant MONDAY = Instant.parse("2025-06-02T09:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2025-06-03T09:00:00Z");

  /** Expected order: class, east m, score. 100 m apart so only the two pothole photos merge. */
  private static final List<Object[]> RANKED = List.of(
      new Object[] {"D40", 0.0, 2.0},
      new Object[] {"D20", 100.0, 1.4},
      new Object[] {"D10", 200.0, 1.0},
      new Object[] {"D40", 300.0, 0.5},
      new Object[] {"D00", 400.0, 0.4 * 0.05});

  private static int port;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) {
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    MultipartForm form = MultipartForm.create();
    double[] areas = {2.0, 2.0, 2.0, 0.5, 0.0};
    for (int i = 0; i < RANKED.size(); i++) {
      byte[] photo = TestImages.jpeg(100 + i);
      analyzer.script(photo, analysis(MONDAY, observation((String) RANKED.get(i)[0],
          (double) RANKED.get(i)[1], 0, areas[i], 1.0)));
      form.binaryFileUpload("image", "photo-" + i + ".jpg", Buffer.buffer(photo), "image/jpeg");
    }
    byte[] potholeAgain = TestImages.jpeg(200);
    analyzer.script(potholeAgain, analysis(TUESDAY, observation("D40", 0.5, 0, 1.0, 1.0)));
    form.binaryFileUpload("image", "pothole-again.jpg", Buffer.buffer(potholeAgain), "image/jpeg");

    AppConfig config = TestService.config(dataDir, SharedPostgres.newDatabaseUrl(), Map.of());
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> analyzer, TestCaptures.ACCEPT_ALL);
    client = WebClient.create(vertx);
    vertx.deployVerticle(verticle)
        .compose(id -> {
          port = verticle.actualPort();
          return client.post(port, "localhost", "/v1/captures").sendMultipartForm(form);
        })
        .compose(accepted -> {
          JsonArray jobs = accepted.bodyAsJsonObject().getJsonArray("jobs");
          List<Future<JsonObject>> finished = new ArrayList<>();
          for (int i = 0; i < jobs.size(); i++) {
            finished.add(finishedJob(vertx, client, port, jobs.getJsonObject(i).getString("url")));
          }
          return Future.all(finished);
        })
        .map(all -> {
          for (int i = 0; i < all.size(); i++) {
            assertThat(all.<JsonObject>resultAt(i).getString("state")).isEqualTo("done");
          }
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  private static void assertRanked(JsonObject repair, int rank) {
    Object[] expected = RANKED.get(rank);
    assertThat(repair.getString("class")).isEqualTo(expected[0]);
    assertThat(repair.getDouble("score")).isCloseTo((double) expected[2], within(1e-9));
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
          // Equal uncertainties: the merged position is midway between 0 m and 0.5 m east.
          assertThat(pothole.getJsonObject("position").getDouble("lon"))
              .isCloseTo(TestCaptures.lonEast(0.25), within(1e-9));
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
          assertThat(features.getJsonObject(2).getJsonObject("geometry").getJsonArray("coordinates")
              .getDouble(0)).isCloseTo(TestCaptures.lonEast(200), within(1e-9));
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
