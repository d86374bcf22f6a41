package org.roadscan.api.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * The repair list's {@code datetime} (last seen) and {@code survey} filters for the road
 * department's page (issue #29), on the list, its next links and its downloads, through the real
 * server and database; the analyzer is a scripted fake.
 *
 * <p>Three photos uploaded on their own make damages A (last seen 1 October), B (10 October) and
 * C (20 October); then a survey's two photos add damage D (21 October) and see C again (22
 * October), so the survey's damages are C and D.
 */
class RepairFiltersWithFakeAnalyzerTest {

  private static Vertx vertx;
  private static WebClient client;
  private static int port;
  private static long surveyId;
  /** Damage name (A..D) → damage id. */
  private static final Map<String, Long> DAMAGES = new HashMap<>();

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    vertx = Vertx.vertx();
    client = TestService.client(vertx);
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    byte[] a = photo(analyzer, 1, "D40", 0, "2026-10-01T08:00:00Z");
    byte[] b = photo(analyzer, 2, "D20", 100, "2026-10-10T08:00:00Z");
    byte[] c = photo(analyzer, 3, "D10", 200, "2026-10-20T08:00:00Z");
    byte[] d = photo(analyzer, 4, "D00", 300, "2026-10-21T08:00:00Z");
    byte[] cAgain = photo(analyzer, 5, "D10", 200.3, "2026-10-22T08:00:00Z");
    AppConfig config = TestService.config(dataDir, SharedPostgres.newDatabaseUrl(),
        Map.of(AppConfig.MIN_FREE_DISK_MB, "0"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, cfg -> analyzer,
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(verticle));
    port = verticle.actualPort();

    MultipartForm captures = MultipartForm.create();
    captures.binaryFileUpload("image", "A.jpg", Buffer.buffer(a), "image/jpeg");
    captures.binaryFileUpload("image", "B.jpg", Buffer.buffer(b), "image/jpeg");
    captures.binaryFileUpload("image", "C.jpg", Buffer.buffer(c), "image/jpeg");
    JsonArray jobs = Await.result(client.post(port, "localhost", "/v1/captures")
        .sendMultipartForm(captures)).bodyAsJsonObject().getJsonArray("jobs");
    for (int i = 0; i < jobs.size(); i++) {
      JsonObject job = Await.result(TestService.finishedJob(vertx, client, port,
          jobs.getJsonObject(i).getString("url")));
      DAMAGES.put(job.getString("fileName").substring(0, 1),
          job.getJsonArray("observations").getJsonObject(0).getLong("damageId"));
    }

    surveyId = Await.result(client.post(port, "localhost", "/v1/surveys")
        .sendJsonObject(new JsonObject().put("name", "Bochumer Str.").put("kind", "drone")))
        .bodyAsJsonObject().getLong("id");
    MultipartForm survey = MultipartForm.create();
    survey.binaryFileUpload("image", "D.jpg", Buffer.buffer(d), "image/jpeg");
    survey.binaryFileUpload("image", "C-again.jpg", Buffer.buffer(cAgain), "image/jpeg");
    HttpResponse<Buffer> accepted = Await.result(client.post(port, "localhost",
        "/v1/surveys/" + surveyId + "/media").sendMultipartForm(survey));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonArray parts = accepted.bodyAsJsonObject().getJsonArray("accepted");
    for (int i = 0; i < parts.size(); i++) {
      JsonObject job = Await.result(TestService.finishedJob(vertx, client, port,
          parts.getJsonObject(i).getString("job")));
      long damageId = job.getJsonArray("observations").getJsonObject(0).getLong("damageId");
      if (job.getString("fileName").equals("D.jpg")) {
        DAMAGES.put("D", damageId);
      } else {
        assertThat(damageId).as("the survey sees C again").isEqualTo(DAMAGES.get("C"));
      }
    }
    assertThat(DAMAGES).hasSize(4);
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  private static byte[] photo(ScriptedCaptureAnalyzer analyzer, int seed, String className,
      double eastM, String takenAt) {
    byte[] jpeg = TestImages.jpeg(500 + seed);
    analyzer.script(jpeg, TestCaptures.analysis(Instant.parse(takenAt),
        TestCaptures.observation(className, eastM, 0, 1.0, 1.0)));
    return jpeg;
  }

  private static HttpResponse<Buffer> get(String path) {
    return Await.result(TestService.get(client, port, path));
  }

  /** The names (A..D) of the damages a list answer holds, in its order. */
  private static List<String> names(JsonArray items) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      long id = item.containsKey("properties") ? item.getJsonObject("properties").getLong("id")
          : item.getLong("id");
      DAMAGES.forEach((name, damageId) -> {
        if (damageId == id) {
          names.add(name);
        }
      });
    }
    return names;
  }

  private static List<String> listed(String query) {
    HttpResponse<Buffer> response = get("/v1/repairs?" + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return names(response.bodyAsJsonObject().getJsonArray("repairs"));
  }

  @Test
  void datetimeKeepsTheDamagesLastSeenWithinIt() {
    assertThat(listed("datetime=2026-10-15T00:00:00Z/..")).containsExactlyInAnyOrder("C", "D");
    assertThat(listed("datetime=../2026-10-10")).containsExactlyInAnyOrder("A", "B");
    assertThat(listed("datetime=2026-10-10")).containsExactly("B"); // the whole UTC day
    assertThat(listed("datetime=2026-10-01T10:00:00%2B02:00")).containsExactly("A"); // instant
    assertThat(listed("datetime=2026-10-05/2026-10-21")).containsExactlyInAnyOrder("B", "D");
    assertThat(listed("datetime=2027-01-01/..")).isEmpty();
  }

  @Test
  void surveyKeepsTheDamagesSeenInItsImages() {
    assertThat(listed("survey=" + surveyId)).containsExactlyInAnyOrder("C", "D");
    assertThat(listed("survey=" + surveyId + "&datetime=../2026-10-21"))
        .containsExactly("D");
    assertThat(listed("survey=987654")).isEmpty();
    assertThat(listed("survey=" + surveyId + "&sort=lastSeen")).containsExactly("C", "D");
  }

  @Test
  void nextLinksCarryBothFilters() {
    String query = "limit=1&sort=lastSeen&survey=" + surveyId
        + "&datetime=2026-10-01T10:00:00%2B02:00/..";
    JsonObject first = get("/v1/repairs?" + query).bodyAsJsonObject();
    String next = first.getString("next");

    assertThat(next).contains("survey=" + surveyId)
        .contains("datetime=2026-10-01T08:00:00Z/..").contains("sort=lastSeen");
    JsonObject second = get(next).bodyAsJsonObject();
    assertThat(names(first.getJsonArray("repairs"))).containsExactly("C");
    assertThat(names(second.getJsonArray("repairs"))).containsExactly("D");
    assertThat(second.getValue("next")).isNull();
    // a date-only end is carried as its last instant and still parses
    String dated = get("/v1/repairs?limit=1&datetime=../2026-10-10").bodyAsJsonObject()
        .getString("next");
    assertThat(dated).contains("datetime=../2026-10-10T23:59:59.999999999Z");
    assertThat(names(get(dated).bodyAsJsonObject().getJsonArray("repairs"))).hasSize(1);
  }

  @Test
  void theDownloadsShowExactlyWhatTheListShows() {
    String filters = "survey=" + surveyId + "&datetime=2026-10-21/..&sort=lastSeen";
    List<String> list = listed(filters);
    Future<HttpResponse<Buffer>> csv = TestService.get(client, port, "/v1/repairs.csv?" + filters);
    Future<HttpResponse<Buffer>> geojson = TestService.get(client, port,
        "/v1/repairs.geojson?" + filters);

    String[] lines = Await.result(csv).bodyAsString().split("\r\n");
    List<String> csvNames = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      long id = Long.parseLong(lines[i].substring(0, lines[i].indexOf(',')));
      DAMAGES.forEach((name, damageId) -> {
        if (damageId == id) {
          csvNames.add(name);
        }
      });
    }
    assertThat(list).containsExactly("C", "D");
    assertThat(csvNames).isEqualTo(list);
    assertThat(names(Await.result(geojson).bodyAsJsonObject().getJsonArray("features")))
        .isEqualTo(list);
  }

  @Test
  void badDatetimeAndSurveyAre400NamingTheParameter() {
    Map<String, String> bad = Map.of(
        "/v1/repairs?datetime=yesterday", "datetime",
        "/v1/repairs?datetime=../..", "datetime",
        "/v1/repairs?datetime=2026-10-20/2026-10-01", "datetime",
        "/v1/repairs.csv?datetime=2026-13-01", "datetime",
        "/v1/repairs?survey=abc", "survey",
        "/v1/repairs?survey=0", "survey",
        "/v1/repairs.geojson?survey=1.5", "survey",
        "/v1/repairs?survey=", "survey");
    bad.forEach((path, field) -> {
      HttpResponse<Buffer> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(response.bodyAsJsonObject().getString("type"))
          .isEqualTo(ProblemType.INVALID_PARAMETER.uri());
      assertThat(response.bodyAsJsonObject().getString("field")).as(path).isEqualTo(field);
    });
  }
}
