package org.roadscan.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * Issue #30: crew positions are personal data, so a crew sees its own surveys and jobs only;
 * another crew's are 404 to it, as if they did not exist (list, survey, media, events, jobs of
 * surveys and of captures). The road department sees every one; a viewer none.
 */
class CrewSeesOwnSurveysTest {

  private static Vertx vertx;
  private static int port;
  private static WebClient crewA;
  private static WebClient crewB;
  private static WebClient roadDept;
  private static WebClient viewer;
  private static String crewBToken;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    vertx = Vertx.vertx();
    RoadScanVerticle service = new RoadScanVerticle(TestService.config(dataDir,
        SharedPostgres.newDatabaseUrl(), Map.of()), c -> new ScriptedCaptureAnalyzer(),
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(service));
    port = service.actualPort();
    WebClient admin = TestService.client(vertx);
    crewA = client(admin, "crew", "Trupp A");
    crewBToken = Await.result(TestService.token(admin, port, "crew", "Trupp B"));
    crewB = TestService.client(vertx, crewBToken);
    roadDept = client(admin, "roaddept", "Tiefbauamt");
    viewer = client(admin, "viewer", "Planung");
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void anotherCrewsSurveyAndItsJobsDoNotExistForACrew() {
    HttpResponse<Buffer> created = Await.result(crewA.post(port, "localhost", "/v1/surveys")
        .sendJsonObject(new JsonObject().put("name", "Bochumer Str.").put("kind", "drone")));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("createdBy")).isEqualTo("Trupp A");
    long survey = created.bodyAsJsonObject().getLong("id");
    String path = "/v1/surveys/" + survey;

    assertThat(surveyIds(crewA)).contains(survey);
    assertThat(surveyIds(crewB)).doesNotContain(survey);
    assertThat(surveyIds(roadDept)).contains(survey);
    assertThat(get(viewer, "/v1/surveys").statusCode()).isEqualTo(403);

    assertThat(get(crewA, path).statusCode()).isEqualTo(200);
    assertThat(get(roadDept, path).statusCode()).isEqualTo(200);
    assertThat(get(crewB, path).statusCode()).isEqualTo(404);
    assertThat(upload(crewB, survey, 31).statusCode()).as("media into another crew's survey")
        .isEqualTo(404);
    assertThat(get(crewB, path + "/events?access_token=" + crewBToken).statusCode())
        .isEqualTo(404);

    HttpResponse<Buffer> accepted = upload(crewA, survey, 32);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String job = "/v1/jobs/" + accepted.bodyAsJsonObject().getJsonArray("accepted")
        .getJsonObject(0).getString("jobId");
    assertThat(get(crewA, job).statusCode()).isEqualTo(200);
    assertThat(get(roadDept, job).statusCode()).isEqualTo(200);
    assertThat(get(crewB, job).statusCode()).isEqualTo(404);
  }

  @Test
  void aCrewsCaptureJobIsItsOwn() {
    HttpResponse<Buffer> accepted = Await.result(TestService.upload(crewB, port, "image",
        "b.jpg", TestImages.jpeg(33)));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String job = accepted.getHeader("Location");
    assertThat(get(crewB, job).statusCode()).isEqualTo(200);
    assertThat(get(crewA, job).statusCode()).isEqualTo(404);
    assertThat(get(roadDept, job).statusCode()).isEqualTo(200);
    assertThat(get(viewer, job).statusCode()).isEqualTo(403);
  }

  private static WebClient client(WebClient admin, String role, String name) {
    return TestService.client(vertx, Await.result(TestService.token(admin, port, role, name)));
  }

  private static List<Long> surveyIds(WebClient client) {
    HttpResponse<Buffer> list = get(client, "/v1/surveys");
    assertThat(list.statusCode()).isEqualTo(200);
    return list.bodyAsJsonObject().getJsonArray("surveys").stream()
        .map(s -> ((JsonObject) s).getLong("id")).toList();
  }

  private static HttpResponse<Buffer> get(WebClient client, String path) {
    return Await.result(client.get(port, "localhost", path).send());
  }

  private static HttpResponse<Buffer> upload(WebClient client, long survey, int seed) {
    return Await.result(client.post(port, "localhost", "/v1/surveys/" + survey + "/media")
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("image", "p.jpg",
            Buffer.buffer(TestImages.jpeg(seed)), "image/jpeg")));
  }
}
