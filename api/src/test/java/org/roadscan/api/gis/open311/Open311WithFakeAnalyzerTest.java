package org.roadscan.api.gis.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.roadscan.api.testing.TestCaptures.observation;
import static org.roadscan.api.testing.TestService.get;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestRegister.Photo;
import org.roadscan.api.testing.TestRegister;
import org.roadscan.api.testing.TestService;

/**
 * Open311 GeoReport v2 (read side) over the real server and database: four damages, one of each
 * class, first seen on 1, 2, 3 and 4 June; the transverse crack is then marked repaired (directly
 * in the table, as the lifecycle API is not part of this test).
 */
@ExtendWith(VertxExtension.class)
class Open311WithFakeAnalyzerTest {

  private static final Instant JUNE_1 = Instant.parse("2025-06-01T09:00:00Z");

  private static int port;
  private static WebClient client;
  private static long repairedId;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) {
    client = TestService.client(vertx);
    String dbUrl = SharedPostgres.newDatabaseUrl();
    List<Photo> photos = List.of(
        new Photo(day(0), observation("D40", 0, 0, 2.0, 1.0)),
        new Photo(day(1), observation("D20", 100, 0, 2.0, 1.0)),
        new Photo(day(2), observation("D10", 200, 0, 2.0, 1.0)),
        new Photo(day(3), observation("D00", 300, 0, 0.0, 1.0)));
    TestRegister.start(vertx, client, dataDir, dbUrl, photos)
        .compose(p -> {
          port = p;
          Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx)
              .build();
          return pool.query("UPDATE damages SET status = 'repaired' WHERE class = 'D10' "
                  + "RETURNING id").execute()
              .map(rows -> repairedId = rows.iterator().next().getLong("id"))
              .eventually(pool::close);
        })
        .onComplete(tc.succeedingThenComplete());
  }

  private static Instant day(int days) {
    return JUNE_1.plusSeconds(days * 86_400L);
  }

  @Test
  void servicesAreTheDamageClasses(VertxTestContext tc) {
    get(client, port, "/open311/v2/services.json")
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
          JsonArray services = response.bodyAsJsonArray();
          List<String> codes = new ArrayList<>();
          for (Object s : services) {
            JsonObject service = (JsonObject) s;
            codes.add(service.getString("service_code"));
            assertThat(service.getString("description")).isNotBlank();
            assertThat(service.getBoolean("metadata")).isFalse();
            assertThat(service.getString("type")).isEqualTo("realtime");
            assertThat(service.getString("keywords")).isNotBlank();
            assertThat(service.getString("group")).isEqualTo("road damage");
          }
          assertThat(codes).containsExactly("D00", "D10", "D20", "D40");
          assertThat(services.getJsonObject(3).getString("service_name")).isEqualTo("Pothole");
          assertThat(services.getJsonObject(0).getString("service_name"))
              .isEqualTo("Longitudinal crack");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void requestsAreNewestFirstWithOpenAndClosedStatus(VertxTestContext tc) {
    get(client, port, "/open311/v2/requests.json")
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
          JsonArray requests = response.bodyAsJsonArray();
          assertThat(codes(requests)).containsExactly("D00", "D10", "D20", "D40");
          JsonObject pothole = requests.getJsonObject(3);
          assertThat(pothole.getString("service_request_id")).matches("[0-9]+");
          assertThat(pothole.getString("status")).isEqualTo("open");
          assertThat(pothole.getString("status_notes")).contains("new");
          assertThat(pothole.getString("service_name")).isEqualTo("Pothole");
          assertThat(pothole.getString("description")).contains("D40").contains("2.00 m²")
              .containsPattern("priority [0-9]+\\.[0-9] of 100, condition grade [1-5]\\.[0-9]");
          assertThat(pothole.getString("requested_datetime")).isEqualTo(day(0).toString());
          assertThat(pothole.getString("updated_datetime")).isEqualTo(day(0).toString());
          assertThat(pothole.getDouble("lat"))
              .isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-9));
          assertThat(pothole.getDouble("long"))
              .isCloseTo(TestCaptures.ORIGIN_LON_DEG, within(1e-9));
          assertThat(pothole.containsKey("agency_responsible")).isTrue();
          assertThat(pothole.getValue("agency_responsible")).isNull();
          assertThat(pothole.getValue("address")).isNull();
          assertThat(pothole.getValue("media_url")).isNull();
          JsonObject repaired = requests.getJsonObject(1);
          assertThat(repaired.getString("service_request_id")).isEqualTo(Long.toString(repairedId));
          assertThat(repaired.getString("status")).isEqualTo("closed");
          assertThat(repaired.getString("status_notes")).contains("repaired");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void requestsFilterByStatusCodeDateAndId(VertxTestContext tc) {
    String requests = "/open311/v2/requests.json?";
    get(client, port, requests + "status=closed")
        .compose(closed -> {
          assertThat(codes(closed.bodyAsJsonArray())).containsExactly("D10");
          return get(client, port, requests + "status=open");
        })
        .compose(open -> {
          assertThat(codes(open.bodyAsJsonArray())).containsExactly("D00", "D20", "D40");
          return get(client, port, requests + "service_code=D40,D20&jurisdiction_id=city");
        })
        .compose(byCode -> {
          assertThat(codes(byCode.bodyAsJsonArray())).containsExactly("D20", "D40");
          return get(client, port, requests
              + "start_date=2025-06-02T00:00:00Z&end_date=2025-06-03T12:00:00%2B02:00");
        })
        .compose(byDate -> {
          assertThat(codes(byDate.bodyAsJsonArray())).containsExactly("D10", "D20");
          return get(client, port, requests + "start_date=2025-06-03T00:00:00Z");
        })
        .compose(since -> {
          assertThat(codes(since.bodyAsJsonArray())).containsExactly("D00", "D10");
          // service_request_id overrides the other filters
          return get(client, port, requests + "service_request_id=" + repairedId
              + ",999999&status=open");
        })
        .map(byId -> {
          JsonArray found = byId.bodyAsJsonArray();
          assertThat(found).hasSize(1);
          assertThat(found.getJsonObject(0).getString("service_request_id"))
              .isEqualTo(Long.toString(repairedId));
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void oneRequestIsAnArrayOfOneAndUnknownIs404(VertxTestContext tc) {
    get(client, port, "/open311/v2/requests/" + repairedId + ".json")
        .compose(one -> {
          assertThat(one.statusCode()).isEqualTo(200);
          assertThat(one.getHeader("Content-Type")).isEqualTo("application/json");
          JsonArray array = one.bodyAsJsonArray();
          assertThat(array).hasSize(1);
          assertThat(array.getJsonObject(0).getString("service_code")).isEqualTo("D10");
          assertThat(array.getJsonObject(0).getString("status")).isEqualTo("closed");
          return get(client, port, "/open311/v2/requests/999999.json");
        })
        .compose(unknown -> {
          assertProblem(unknown, ProblemType.NOT_FOUND, "service_request_id");
          return get(client, port, "/open311/v2/requests/" + repairedId + ".xml");
        })
        .map(xml -> {
          assertProblem(xml, ProblemType.NOT_FOUND, "service_request_id");
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void badFiltersAre400Problems(VertxTestContext tc) {
    String requests = "/open311/v2/requests.json?";
    List<String[]> cases = List.of(
        new String[] {requests + "status=pending", "status"},
        new String[] {requests + "service_code=D99", "service_code"},
        new String[] {requests + "start_date=June", "start_date"},
        new String[] {requests + "start_date=2025-06-03T00:00:00Z&end_date=2025-06-01T00:00:00Z",
            "start_date"},
        new String[] {requests + "start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z",
            "end_date"},
        new String[] {requests + "service_request_id=abc", "service_request_id"});
    Future<Void> chain = Future.succeededFuture();
    for (String[] c : cases) {
      chain = chain.compose(v -> get(client, port, c[0]).map(response -> {
        assertProblem(response, ProblemType.INVALID_PARAMETER, c[1]);
        return null;
      }));
    }
    chain.onComplete(tc.succeedingThenComplete());
  }

  private static List<String> codes(JsonArray requests) {
    List<String> codes = new ArrayList<>();
    requests.forEach(r -> codes.add(((JsonObject) r).getString("service_code")));
    return codes;
  }

  private static void assertProblem(HttpResponse<Buffer> response, ProblemType type,
      String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(type.status());
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo(type.uri());
    assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }
}
