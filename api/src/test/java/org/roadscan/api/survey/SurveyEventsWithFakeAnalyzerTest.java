package org.roadscan.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;

/** {@code GET /v1/surveys/{id}/events}: Server-Sent Events, durable and resumable. */
class SurveyEventsWithFakeAnalyzerTest {

  private final Vertx vertx = Vertx.vertx();

  /** One received event. */
  record Event(long id, String kind, JsonObject data) {
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void eventsArriveInOrderAndResumeAfterLastEventId(@TempDir Path dataDir) throws IOException {
    byte[] pothole = Files.readAllBytes(Path.of("..", "sample-images",
        "gelsenkirchen-bochumer-str-pothole.jpg"));
    byte[] street = Files.readAllBytes(Path.of("..", "sample-images", "lund-street.jpg"));
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer()
        .script(pothole, TestCaptures.analysis(Instant.parse("2026-11-20T10:15:00Z"),
            TestCaptures.observation("D40", 0, 0, 0.3, 1.0)))
        .script(street, TestCaptures.analysis(Instant.parse("2026-11-20T10:15:05Z")));
    AppConfig config = TestService.config(dataDir, SharedPostgres.newDatabaseUrl(),
        Map.of(AppConfig.MIN_FREE_DISK_MB, "0"));
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> analyzer,
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(verticle));
    SurveyTestClient http = new SurveyTestClient(vertx, verticle.actualPort());
    long id = http.createDrone("events");
    HttpClient client = vertx.createHttpClient();

    // Listening before anything happens: the events come as the jobs finish.
    Future<List<Event>> live = eventsUntilDone(client, verticle.actualPort(), id, null);
    assertThat(http.upload(id, SurveyTestClient.images("image", pothole, street)).statusCode())
        .isEqualTo(202);
    List<Event> events = Await.result(live);

    assertThat(events).extracting(Event::kind).containsOnly("frame-processed", "damage-found",
        "survey-done");
    assertThat(events).filteredOn(e -> e.kind().equals("frame-processed")).hasSize(2);
    Event found = events.stream().filter(e -> e.kind().equals("damage-found")).findFirst()
        .orElseThrow();
    assertThat(found.data().getString("class")).isEqualTo("D40");
    assertThat(found.data().getJsonObject("position").getDouble("lon"))
        .isCloseTo(TestCaptures.ORIGIN_LON_DEG, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(events.get(events.size() - 1).kind()).isEqualTo("survey-done");
    assertThat(events.get(events.size() - 1).data().getLong("processed")).isEqualTo(2);
    assertThat(events).extracting(Event::id).isSorted().doesNotHaveDuplicates();

    // A client that saw the first event reconnects: it gets the rest, nothing twice.
    List<Event> resumed = Await.result(eventsUntilDone(client, verticle.actualPort(), id,
        events.get(0).id()));
    assertThat(resumed).isEqualTo(events.subList(1, events.size()));
  }

  /** Reads the stream until survey-done, then closes the connection. */
  private Future<List<Event>> eventsUntilDone(HttpClient client, int port, long surveyId,
      Long lastEventId) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(port)
        .setHost("localhost").setURI("/v1/surveys/" + surveyId + "/events")
        .putHeader("Authorization", TestService.ADMIN_AUTHORIZATION);
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId.toString());
    }
    Promise<List<Event>> done = Promise.promise();
    client.request(options)
        .compose(request -> request.send())
        .onSuccess(response -> read(response, done))
        .onFailure(done::tryFail);
    return done.future().timeout(20, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static void read(HttpClientResponse response, Promise<List<Event>> done) {
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    List<Event> events = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    response.handler(chunk -> {
      text.append(chunk.toString());
      int end;
      while ((end = text.indexOf("\n\n")) >= 0) {
        String block = text.substring(0, end);
        text.delete(0, end + 2);
        Long id = null;
        String kind = null;
        JsonObject data = null;
        for (String line : block.split("\n")) {
          if (line.startsWith("id: ")) {
            id = Long.parseLong(line.substring(4));
          } else if (line.startsWith("event: ")) {
            kind = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data = new JsonObject(line.substring(6));
          }
        }
        if (id != null) {
          events.add(new Event(id, kind, data));
          if ("survey-done".equals(kind)) {
            response.request().connection().close();
            done.tryComplete(events);
          }
        }
      }
    });
  }
}
