package org.roadscan.api.register;

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
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestRegister;
import org.roadscan.api.testing.TestService;

/**
 * The damage page, its status lifecycle and its events through the real server and database; the
 * analyzer is a scripted fake. Every test works on a damage of its own (100 m apart), so the
 * tests do not depend on their order.
 */
@ExtendWith(VertxExtension.class)
class DamageLifecycleWithFakeAnalyzerTest {

  private static final Instant JUNE = Instant.parse("2025-06-02T09:00:00Z");
  private static final Instant JULY = Instant.parse("2025-07-02T09:00:00Z");

  /** File name → where its damage lies (east of the origin, m). */
  private static final Map<String, Double> PHOTOS = Map.of(
      "crack.jpg", 0.0, "pothole.jpg", 0.3, "confirm.jpg", 100.0, "race.jpg", 200.0,
      "transition.jpg", 300.0, "bad-requests.jpg", 400.0);
  /** File name → damage id, filled once the jobs are done. */
  private static final Map<String, Long> DAMAGES = new ConcurrentHashMap<>();

  /** The road department's token name: what the audit trail must record. */
  private static final String SCHMIDT = "A. Schmidt (Tiefbauamt)";

  private static int port;
  private static WebClient client;
  private static WebClient roadDept;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) {
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    MultipartForm form = MultipartForm.create();
    int seed = 300;
    for (Map.Entry<String, Double> photo : PHOTOS.entrySet()) {
      byte[] jpeg = TestImages.jpeg(seed++);
      String name = photo.getKey();
      analyzer.script(jpeg, switch (name) {
        case "crack.jpg" -> analysis(JUNE, observation("D10", photo.getValue(), 0, 0.5, 1.0));
        case "pothole.jpg" -> analysis(JULY, observation("D40", photo.getValue(), 0, 2.0, 1.0));
        default -> analysis(JUNE, observation("D20", photo.getValue(), 0, 1.0, 1.0));
      });
      form.binaryFileUpload("image", name, Buffer.buffer(jpeg), "image/jpeg");
    }
    client = TestService.client(vertx);
    TestRegister.start(vertx, client, dataDir, SharedPostgres.newDatabaseUrl(), analyzer, form)
        .compose(started -> {
          port = started.port();
          for (JsonObject job : started.jobs()) {
            DAMAGES.put(job.getString("fileName"),
                job.getJsonArray("observations").getJsonObject(0).getLong("damageId"));
          }
          // status changes come from the road department, whose token names the person
          return TestService.token(client, port, "roaddept", SCHMIDT);
        })
        .map(secret -> {
          roadDept = TestService.client(vertx, secret);
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  private static String damagePath(String photo) {
    return "/v1/damages/" + DAMAGES.get(photo);
  }

  private static Future<HttpResponse<Buffer>> patch(String path, String ifMatch,
      String contentType, String body) {
    var request = roadDept.patch(port, "localhost", path);
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  private static Future<HttpResponse<Buffer>> patch(String path, String ifMatch,
      JsonObject body) {
    return patch(path, ifMatch, "application/json", body.encode());
  }

  private static JsonObject change(String status) {
    return new JsonObject().put("status", status);
  }

  private static void assertProblem(HttpResponse<Buffer> response, ProblemType type,
      String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(type.status());
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo(type.uri());
    assertThat(problem.getString("field")).isEqualTo(field);
    assertThat(problem.getString("detail")).isNotBlank();
  }

  @Test
  void theDamageShowsItsObservationsInTimeOrderAndItsGrowth(VertxTestContext tc) {
    assertThat(DAMAGES.get("crack.jpg")).isEqualTo(DAMAGES.get("pothole.jpg"));
    get(client, port, damagePath("pothole.jpg"))
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          JsonObject damage = response.bodyAsJsonObject();
          assertThat(response.getHeader("ETag"))
              .isEqualTo("\"" + damage.getInteger("version") + "\"");
          assertThat(damage.getLong("id")).isEqualTo(DAMAGES.get("pothole.jpg"));
          assertThat(damage.getString("class")).as("a crack that became a pothole")
              .isEqualTo("D40");
          assertThat(damage.getString("status")).isEqualTo("new");
          assertThat(damage.getInteger("observationCount")).isEqualTo(2);
          assertThat(damage.getJsonObject("parts").getString("formula")).isNotBlank();
          assertThat(damage.getJsonObject("position").getDouble("lat"))
              .isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-9));
          assertThat(damage.getJsonObject("footprint").getString("type")).isEqualTo("Polygon");
          assertThat(damage.getBoolean("possiblyRepaired")).isFalse();
          assertThat(damage.getValue("possiblyRepairedSince")).isNull();
          JsonArray observations = damage.getJsonArray("observations");
          assertThat(observations).hasSize(2);
          JsonObject first = observations.getJsonObject(0);
          assertThat(first.getString("class")).isEqualTo("D10");
          assertThat(first.getString("seenAt")).isEqualTo(JUNE.toString());
          assertThat(first.getDouble("areaM2")).isEqualTo(0.5);
          assertThat(first.getDouble("confidence")).isEqualTo(0.8);
          assertThat(first.getDouble("uncertaintyM")).isEqualTo(1.0);
          assertThat(first.getString("projection")).isEqualTo("NADIR");
          assertThat(first.getLong("captureId")).isNotNull();
          assertThat(first.getLong("id")).isNotNull();
          assertThat(first.containsKey("lengthM")).isTrue();
          assertThat(observations.getJsonObject(1).getString("class")).isEqualTo("D40");
          assertThat(observations.getJsonObject(1).getString("seenAt")).isEqualTo(JULY.toString());
          JsonObject growth = damage.getJsonObject("growth");
          assertThat(growth.getDouble("firstAreaM2")).isEqualTo(0.5);
          assertThat(growth.getDouble("lastAreaM2")).isEqualTo(2.0);
          assertThat(growth.getDouble("areaChangeM2")).isEqualTo(1.5);
          assertThat(growth.getDouble("areaChangePerMonthM2"))
              .isCloseTo(1.5 / (30 / Growth.MONTH_DAYS), within(1e-9));
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aStatusChangeNeedsTheCurrentETagAndIsRecorded(VertxTestContext tc) {
    String path = damagePath("confirm.jpg");
    List<String> etags = new ArrayList<>();
    get(client, port, path)
        .compose(before -> {
          etags.add(before.getHeader("ETag"));
          return patch(path, before.getHeader("ETag"), "application/merge-patch+json",
              change("confirmed").put("comment", "seen on site, 40 cm wide").encode());
        })
        .compose(confirmed -> {
          assertThat(confirmed.statusCode()).as(confirmed.bodyAsString()).isEqualTo(200);
          JsonObject damage = confirmed.bodyAsJsonObject();
          assertThat(damage.getString("status")).isEqualTo("confirmed");
          assertThat(confirmed.getHeader("ETag"))
              .isEqualTo("\"" + damage.getInteger("version") + "\"")
              .isNotEqualTo(etags.get(0));
          assertThat(damage.getJsonArray("observations")).hasSize(1);
          etags.add(confirmed.getHeader("ETag"));
          return patch(path, etags.get(0), change("scheduled"));
        })
        .compose(stale -> {
          assertProblem(stale, ProblemType.PRECONDITION_FAILED, "If-Match");
          return patch(path, etags.get(1), change("scheduled"));
        })
        .compose(scheduled -> {
          assertThat(scheduled.statusCode()).as(scheduled.bodyAsString()).isEqualTo(200);
          assertThat(scheduled.bodyAsJsonObject().getString("status")).isEqualTo("scheduled");
          return get(client, port, path + "/events");
        })
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          JsonArray events = response.bodyAsJsonObject().getJsonArray("events");
          assertThat(events.stream().map(e -> ((JsonObject) e).getString("kind")))
              .containsExactly("created", "status", "status");
          JsonObject created = events.getJsonObject(0);
          assertThat(created.getValue("actor")).isNull();
          assertThat(created.getString("at")).isNotBlank();
          JsonObject confirmed = events.getJsonObject(1);
          assertThat(confirmed.getString("actor")).as("the token's name, not the body's")
              .isEqualTo(SCHMIDT);
          assertThat(confirmed.getJsonObject("detail").getString("from")).isEqualTo("new");
          assertThat(confirmed.getJsonObject("detail").getString("to")).isEqualTo("confirmed");
          assertThat(confirmed.getJsonObject("detail").getString("comment"))
              .isEqualTo("seen on site, 40 cm wide");
          assertThat(events.getJsonObject(2).getJsonObject("detail").getString("to"))
              .isEqualTo("scheduled");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void twoConcurrentChangesFromTheSameVersionOneWinsOneIs412(VertxTestContext tc) {
    String path = damagePath("race.jpg");
    get(client, port, path)
        .compose(before -> {
          String etag = before.getHeader("ETag");
          return Future.all(patch(path, etag, change("confirmed")),
              patch(path, etag, change("rejected")));
        })
        .compose(both -> {
          List<Integer> statuses = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            HttpResponse<Buffer> response = both.resultAt(i);
            statuses.add(response.statusCode());
            if (response.statusCode() == 412) {
              assertProblem(response, ProblemType.PRECONDITION_FAILED, "If-Match");
            }
          }
          assertThat(statuses).containsExactlyInAnyOrder(200, 412);
          return get(client, port, path + "/events");
        })
        .map(events -> {
          assertThat(events.bodyAsJsonObject().getJsonArray("events").stream()
              .filter(e -> "status".equals(((JsonObject) e).getString("kind")))).hasSize(1);
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aTransitionNotInTheTableIs409NamingFromToAndTheAllowedOnes(VertxTestContext tc) {
    String path = damagePath("transition.jpg");
    get(client, port, path)
        .compose(before -> patch(path, before.getHeader("ETag"), change("repaired")))
        .map(response -> {
          assertProblem(response, ProblemType.INVALID_TRANSITION, "status");
          JsonObject problem = response.bodyAsJsonObject();
          assertThat(problem.getString("from")).isEqualTo("new");
          assertThat(problem.getString("to")).isEqualTo("repaired");
          assertThat(problem.getJsonArray("allowed")).containsExactly("confirmed", "rejected");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void badRequestsAreProblemsNamingTheField(VertxTestContext tc) {
    String path = damagePath("bad-requests.jpg");
    String etag = "\"1\"";
    patch(path, null, change("confirmed"))
        .compose(noIfMatch -> {
          assertProblem(noIfMatch, ProblemType.PRECONDITION_REQUIRED, "If-Match");
          return patch(path, etag, "application/json", "{\"status\": ");
        })
        .compose(malformed -> {
          assertProblem(malformed, ProblemType.INVALID_BODY, "body");
          return patch(path, etag, change("confirmed").put("priority", 5));
        })
        .compose(unknownMember -> {
          assertProblem(unknownMember, ProblemType.INVALID_BODY, "priority");
          return patch(path, etag, change("fixed"));
        })
        .compose(unknownStatus -> {
          assertProblem(unknownStatus, ProblemType.INVALID_BODY, "status");
          return patch(path, etag, change("confirmed").put("actor", "Somebody Else"));
        })
        .compose(claimedActor -> {
          // the audit trail records the authenticated caller; a name in the body is refused
          assertProblem(claimedActor, ProblemType.INVALID_BODY, "actor");
          return patch(path, "*", change("confirmed"));
        })
        .compose(anyVersion -> {
          // If-Match: * would skip the version check
          assertProblem(anyVersion, ProblemType.PRECONDITION_REQUIRED, "If-Match");
          assertThat(anyVersion.bodyAsJsonObject().getString("detail")).contains("ETag");
          return patch(path, etag, change("confirmed").put("comment", "x".repeat(2001)));
        })
        .compose(longComment -> {
          assertProblem(longComment, ProblemType.INVALID_BODY, "comment");
          return patch(path, etag, "text/plain", change("confirmed").encode());
        })
        .compose(textPlain -> {
          assertProblem(textPlain, ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type");
          return patch(path, "W/\"1\"", change("confirmed"));
        })
        .compose(weak -> {
          assertProblem(weak, ProblemType.PRECONDITION_FAILED, "If-Match");
          return patch(path, etag, change("confirmed").put("comment", "x".repeat(20_000)));
        })
        .compose(oversized -> {
          assertProblem(oversized, ProblemType.REQUEST_TOO_LARGE, "body");
          assertThat(oversized.bodyAsJsonObject().getLong("maxRequestBytes")).isEqualTo(16384);
          return get(client, port, path);
        })
        .map(unchanged -> {
          assertThat(unchanged.bodyAsJsonObject().getString("status")).isEqualTo("new");
          assertThat(unchanged.getHeader("ETag")).isEqualTo(etag);
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void anUnknownDamageIs404(VertxTestContext tc) {
    get(client, port, "/v1/damages/999999")
        .compose(unknown -> {
          assertProblem(unknown, ProblemType.NOT_FOUND, "id");
          return get(client, port, "/v1/damages/not-a-number");
        })
        .compose(malformed -> {
          assertProblem(malformed, ProblemType.NOT_FOUND, "id");
          return get(client, port, "/v1/damages/999999/events");
        })
        .compose(events -> {
          assertProblem(events, ProblemType.NOT_FOUND, "id");
          return patch("/v1/damages/999999", "\"1\"", change("confirmed"));
        })
        .map(patched -> {
          assertProblem(patched, ProblemType.NOT_FOUND, "id");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }
}
