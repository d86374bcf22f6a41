package org.roadscan.api.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.Main;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.jobs.AnalyzerLoader;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.GatedAnalyzer;
import org.roadscan.api.testing.Ogrinfo;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.CaptureAnalyzer;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Issue #28 over real HTTP, WebSocket and PostgreSQL with the real metadata check, but a fake
 * analyzer (the feed lane's own, gated where a test needs a frame to wait).
 */
class FeedWithFakeAnalyzerTest {

  private static final String POSE = new JsonObject().put("lon", TestCaptures.ORIGIN_LON_DEG)
      .put("lat", TestCaptures.ORIGIN_LAT_DEG).put("relativeAltitudeM", 30.0)
      .put("gimbalPitchDeg", -90.0).put("gimbalYawDeg", 0.0).put("focalLength35mm", 24.0)
      .encode();

  private Vertx vertx = Vertx.vertx();
  private final ScriptedCaptureAnalyzer answers = new ScriptedCaptureAnalyzer();
  private final GatedAnalyzer feedAnalyzer = new GatedAnalyzer(answers);
  private String dbUrl;
  private AppConfig config;
  private AnalyzerLoader loader;
  private WebClient client;
  private int port;
  private byte[] pothole;

  @BeforeEach
  void start(@TempDir Path dataDir) throws Exception {
    pothole = Files.readAllBytes(Path.of("..", "sample-images",
        "gelsenkirchen-bochumer-str-pothole.jpg"));
    answers.script(pothole, TestCaptures.analysis(Instant.parse("2026-11-20T10:15:00Z"),
        TestCaptures.observation("D40", 0, 0, 0.3, 1.0)));
    dbUrl = SharedPostgres.newDatabaseUrl();
    // the city's road layer: Bochumer Straße runs through the origin
    config = TestService.config(dataDir, dbUrl, Map.of(AppConfig.FEED_WORKERS, "1",
        AppConfig.FEED_QUEUE, "2", AppConfig.ROAD_LAYER,
        Path.of("src/test/resources/layers/roads.geojson").toString()));
    loader = new AnalyzerLoader() {
      @Override
      public CaptureAnalyzer load(AppConfig c) {
        return answers;
      }

      @Override
      public CaptureAnalyzer loadFeed(AppConfig c) {
        return feedAnalyzer;
      }
    };
    deploy();
  }

  private void deploy() {
    RoadScanVerticle verticle = new RoadScanVerticle(config, loader, Main.captureValidator());
    Await.result(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    client = TestService.client(vertx);
  }

  @AfterEach
  void stop() {
    feedAnalyzer.open();
    Await.result(vertx.close());
  }

  @Test
  void tagsComeBackSynchronouslyAndReachTheRegisterMarkedAsFeed() {
    feedAnalyzer.open();
    HttpResponse<Buffer> answer = Await.result(post(pothole, null, "B-0042", ""));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    JsonObject tags = answer.bodyAsJsonObject();
    assertThat(tags.getString("incident")).isEqualTo("B-0042");
    assertThat(tags.getJsonArray("tags")).hasSize(1);
    JsonObject tag = tags.getJsonArray("tags").getJsonObject(0);
    assertThat(tag.getString("class")).isEqualTo("D40");
    assertThat(tag.getJsonObject("position").getDouble("lon"))
        .isCloseTo(TestCaptures.ORIGIN_LON_DEG, within(1e-7));
    assertThat(tag.getDouble("uncertaintyM")).isEqualTo(1.0);
    assertThat(tag.getJsonObject("footprint").getString("type")).isEqualTo("Polygon");
    assertThat(tags.getJsonObject("passability").getString("hint")).isEqualTo("caution");
    assertThat(tags.getJsonObject("passability").getString("basis")).contains("1 pothole(s)");
    JsonObject stretch = tags.getJsonObject("passability").getJsonArray("stretches")
        .getJsonObject(0);
    assertThat(stretch.getString("name")).isEqualTo("Bochumer Straße");
    assertThat(stretch.getString("hint")).isEqualTo("caution");
    assertThat(tags.getLong("dropped")).isZero();

    // the register gets it afterwards, marked as the fire brigade's
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx)
        .build();
    Row capture = Await.result(untilRow(pool, ImageStore.sha256(pothole), 400));
    assertThat(capture.getString("source")).isEqualTo("feed");
    assertThat(capture.getString("incident")).isEqualTo("B-0042");
    assertThat(capture.getLong("observations")).isEqualTo(1);

    JsonObject incident = Await.result(get("/v1/incidents/B-0042")).bodyAsJsonObject();
    assertThat(incident.getJsonArray("frames")).hasSize(1);
    assertThat(Await.result(get("/v1/incidents/nobody")).statusCode()).isEqualTo(404);
  }

  @Test
  void brokenMetadataIsRefusedAtOnceWhileTheLaneIsBusy() throws InterruptedException {
    // a frame holds the lane's only worker ...
    Future<HttpResponse<Buffer>> busy = post(pothole, null, "B-1", "");
    feedAnalyzer.awaitEntered();
    // ... and broken frames are still answered 422 at once: they never take a place in it
    byte[] noGps = TestImages.jpeg(11); // no EXIF at all
    HttpResponse<Buffer> missing = Await.result(post(noGps, null, "B-1", ""));
    assertThat(missing.statusCode()).as(missing.bodyAsString()).isEqualTo(422);
    assertThat(missing.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(missing.bodyAsJsonObject().getString("field")).isEqualTo("GPSLatitude");

    String badLat = new JsonObject(POSE).put("lat", 95.0).encode();
    HttpResponse<Buffer> invalid = Await.result(post(noGps, badLat, "B-1", ""));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:roadscan:problem:invalid-metadata");
    assertThat(invalid.bodyAsJsonObject().getString("field")).isEqualTo("pose.lat");

    String upward = new JsonObject(POSE).put("gimbalPitchDeg", 45.0).encode();
    HttpResponse<Buffer> impossible = Await.result(post(noGps, upward, "B-1", ""));
    assertThat(impossible.statusCode()).as(impossible.bodyAsString()).isEqualTo(422);

    HttpResponse<Buffer> notJpeg = Await.result(post("not a jpeg".getBytes(), null, null, ""));
    assertThat(notJpeg.statusCode()).isEqualTo(415);

    feedAnalyzer.open();
    assertThat(Await.result(busy).statusCode()).isEqualTo(200);
  }

  @Test
  void aWebSocketGetsOneMessagePerFrame() {
    feedAnalyzer.open();
    WebSocket ws = Await.result(vertx.createWebSocketClient()
        .connect(port, "localhost", "/v1/feed/ws?incident=W-7&access_token="
            + TestService.ADMIN_TOKEN));
    List<JsonObject> messages = new ArrayList<>();
    Promise<List<JsonObject>> two = Promise.promise();
    ws.textMessageHandler(text -> {
      messages.add(new JsonObject(text));
      if (messages.size() == 2) {
        two.tryComplete(messages);
      }
    });
    byte[] frame = TestImages.jpeg(12);
    ws.writeTextMessage(POSE);
    ws.writeBinaryMessage(Buffer.buffer(frame));
    ws.writeBinaryMessage(Buffer.buffer("not a jpeg")); // no pose, not a JPEG
    List<JsonObject> got = Await.result(two.future().timeout(20, TimeUnit.SECONDS));
    JsonObject tags = got.stream().filter(m -> m.getLong("seq") == 1).findFirst().orElseThrow();
    assertThat(tags.getString("type")).as(tags.encode()).isEqualTo("tags");
    assertThat(tags.getString("incident")).isEqualTo("W-7");
    assertThat(tags.getJsonObject("camera").getDouble("lat"))
        .isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-9)); // the pose placed it
    JsonObject refused = got.stream().filter(m -> m.getLong("seq") == 2).findFirst()
        .orElseThrow();
    assertThat(refused.getString("type")).isEqualTo("problem");
    assertThat(refused.getInteger("status")).isEqualTo(415);
    Await.result(ws.close());
  }

  @Test
  void anIncidentsEventsArriveLiveAndResumeAfterLastEventId() {
    feedAnalyzer.open();
    HttpClient http = vertx.createHttpClient();
    Future<List<SseEvent>> live = events(http, "S-1", null, 2);
    Await.result(vertx.timer(200)); // the stream is open before the frames come
    assertThat(Await.result(post(pothole, null, "S-1", "")).statusCode()).isEqualTo(200);
    byte[] second = TestImages.jpeg(13);
    assertThat(Await.result(post(second, POSE, "S-1", "")).statusCode()).isEqualTo(200);
    List<SseEvent> events = Await.result(live);
    assertThat(events).extracting(SseEvent::kind).containsExactly("tags", "tags");
    assertThat(events).extracting(SseEvent::id).containsExactly(1L, 2L);
    assertThat(events.get(0).data().getJsonArray("tags").getJsonObject(0).getString("class"))
        .isEqualTo("D40");

    List<SseEvent> resumed = Await.result(events(http, "S-1", 1L, 1));
    assertThat(resumed).extracting(SseEvent::id).containsExactly(2L);
  }

  @Test
  void anIncidentFedBeforeARestartIsStillThereAndItsEventIdsGoOn() throws Exception {
    feedAnalyzer.open();
    assertThat(Await.result(post(pothole, null, "R-1", "")).statusCode()).isEqualTo(200);
    assertThat(Await.result(post(TestImages.jpeg(13), POSE, "R-1", "")).statusCode())
        .isEqualTo(200);
    List<SseEvent> before = Await.result(events(vertx.createHttpClient(), "R-1", 0L, 2));
    assertThat(before).extracting(SseEvent::kind).containsExactly("tags", "tags");
    long firstId = before.get(0).id();
    long secondId = before.get(1).id();

    // a restart: the graceful stop waits for the event writes, the database and data stay
    Await.result(vertx.close());
    vertx = Vertx.vertx();
    deploy();

    JsonObject incident = Await.result(get("/v1/incidents/R-1")).bodyAsJsonObject();
    assertThat(incident.getJsonArray("frames")).hasSize(2);
    assertThat(incident.getJsonArray("frames").getJsonObject(0).getJsonArray("tags")
        .getJsonObject(0).getString("class")).isEqualTo("D40");
    List<SseEvent> resumed = Await.result(events(vertx.createHttpClient(), "R-1", firstId, 1));
    assertThat(resumed).extracting(SseEvent::id).containsExactly(secondId);
    HttpResponse<Buffer> cot = Await.result(get("/v1/incidents/R-1/cot"));
    assertThat(cot.statusCode()).isEqualTo(200);
    validate(cot.bodyAsString());
    HttpResponse<Buffer> geoJson = Await.result(get("/v1/incidents/R-1/geojson"));
    assertThat(geoJson.statusCode()).isEqualTo(200);
    long frameId = incident.getJsonArray("frames").getJsonObject(1).getLong("frameId");
    assertThat(Await.result(get("/v1/incidents/R-1/frames/" + frameId)).statusCode())
        .isEqualTo(200);

    // a new frame continues the incident with a larger event id
    Future<List<SseEvent>> next = events(vertx.createHttpClient(), "R-1", secondId, 1);
    assertThat(Await.result(post(TestImages.jpeg(14), POSE, "R-1", "")).statusCode())
        .isEqualTo(200);
    assertThat(Await.result(next)).singleElement()
        .satisfies(e -> assertThat(e.id()).isGreaterThan(secondId));
    assertThat(Await.result(get("/v1/incidents/R-1")).bodyAsJsonObject()
        .getJsonArray("frames")).hasSize(3);
  }

  @Test
  void cursorOnTargetIsValidAgainstTheEventSchema() throws Exception {
    feedAnalyzer.open();
    HttpResponse<Buffer> asCot = Await.result(post(pothole, null, "C-3", "?format=cot"));
    assertThat(asCot.statusCode()).isEqualTo(200);
    assertThat(asCot.getHeader("Content-Type")).startsWith("application/xml");
    validate(asCot.bodyAsString());

    HttpResponse<Buffer> all = Await.result(get("/v1/incidents/C-3/cot"));
    String xml = all.bodyAsString();
    validate(xml);
    NodeList events = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml))).getElementsByTagName("event");
    assertThat(events.getLength()).isEqualTo(1);
    Element event = (Element) events.item(0);
    assertThat(event.getAttribute("type")).isEqualTo(CotXml.TYPE);
    assertThat(event.getAttribute("how")).isEqualTo("m-g");
    assertThat(Instant.parse(event.getAttribute("stale")))
        .isAfter(Instant.parse(event.getAttribute("time")));
    Element point = (Element) event.getElementsByTagName("point").item(0);
    // ce is the 90 % circle of the one-sigma uncertainty (1 m): 2.146 m
    assertThat(Double.parseDouble(point.getAttribute("ce"))).isCloseTo(2.1, within(0.051));
    assertThat(Double.parseDouble(point.getAttribute("lat")))
        .isCloseTo(TestCaptures.ORIGIN_LAT_DEG, within(1e-6));
    Element link = (Element) event.getElementsByTagName("link").item(0);
    String url = link.getAttribute("url");
    assertThat(url).contains("/v1/incidents/C-3/frames/");
    HttpResponse<Buffer> frame = Await.result(get(url.substring(url.indexOf("/v1/"))));
    assertThat(frame.bodyAsJsonObject().getString("incident")).isEqualTo("C-3");
    // Accept: application/xml asks for CoT too
    HttpResponse<Buffer> byAccept = Await.result(client.get(port, "localhost",
        url.substring(url.indexOf("/v1/"))).putHeader("Accept", "application/xml").send());
    validate(byAccept.bodyAsString());
  }

  @Test
  void anIncidentIsGeoJsonThatGdalReads(@TempDir Path dir) throws Exception {
    feedAnalyzer.open();
    assertThat(Await.result(post(pothole, null, "G-7", "")).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> answer = Await.result(get("/v1/incidents/G-7/geojson"));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/geo+json");
    JsonObject collection = answer.bodyAsJsonObject();
    assertThat(collection.getString("type")).isEqualTo("FeatureCollection");
    List<JsonObject> tags = new ArrayList<>();
    for (Object f : collection.getJsonArray("features")) {
      JsonObject feature = (JsonObject) f;
      assertThat(feature.getString("type")).isEqualTo("Feature");
      if ("tag".equals(feature.getJsonObject("properties").getString("kind"))) {
        tags.add(feature);
      }
    }
    assertThat(tags).singleElement().satisfies(tag -> {
      assertThat(tag.getJsonObject("geometry").getString("type")).isEqualTo("Point");
      assertThat(tag.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0))
          .isCloseTo(TestCaptures.ORIGIN_LON_DEG, within(1e-7));
      assertThat(tag.getJsonObject("properties").getString("class")).isEqualTo("D40");
      assertThat(tag.getJsonObject("properties").getString("link"))
          .startsWith("/v1/incidents/G-7/frames/");
    });
    assertThat(Await.result(get("/v1/incidents/nobody/geojson")).statusCode()).isEqualTo(404);

    Ogrinfo.requireInstalled();
    Path file = dir.resolve("incident.geojson");
    Files.writeString(file, answer.bodyAsString());
    String read = Ogrinfo.run("-ro", "-al", file.toString());
    assertThat(read).contains("class (String) = D40").contains("POINT (");
  }

  private static void validate(String xml) throws Exception {
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(FeedWithFakeAnalyzerTest.class.getResource("/cot/event.xsd"))
        .newValidator().validate(new StreamSource(new StringReader(xml)));
  }

  private Future<HttpResponse<Buffer>> post(byte[] jpeg, String pose, String incident,
      String query) {
    MultipartForm form = MultipartForm.create()
        .binaryFileUpload("image", "frame.jpg", Buffer.buffer(jpeg), "image/jpeg");
    if (pose != null) {
      form.attribute("pose", pose);
    }
    if (incident != null) {
      form.attribute("incident", incident);
    }
    return client.post(port, "localhost", "/v1/feed/frames" + query).sendMultipartForm(form);
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return client.get(port, "localhost", path).send();
  }

  private Future<Row> untilRow(Pool pool, String sha256, int attemptsLeft) {
    return pool.preparedQuery("SELECT c.source, c.incident, (SELECT count(*) FROM observations o"
            + " WHERE o.capture_id = c.id) AS observations FROM captures c WHERE c.sha256 = $1")
        .execute(Tuple.of(sha256))
        .compose((RowSet<Row> rows) -> {
          if (rows.size() > 0) {
            return Future.succeededFuture(rows.iterator().next());
          }
          if (attemptsLeft <= 1) {
            return Future.failedFuture(new AssertionError("the frame was not registered"));
          }
          return vertx.timer(25).compose(t -> untilRow(pool, sha256, attemptsLeft - 1));
        });
  }

  /** One received server-sent event. */
  record SseEvent(long id, String kind, JsonObject data) {
  }

  private Future<List<SseEvent>> events(HttpClient http, String incident, Long lastEventId,
      int count) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(port)
        .setHost("localhost").setURI("/v1/incidents/" + incident + "/events")
        .putHeader("Authorization", TestService.ADMIN_AUTHORIZATION);
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId.toString());
    }
    Promise<List<SseEvent>> done = Promise.promise();
    http.request(options).compose(request -> request.send())
        .onSuccess(response -> read(response, count, done))
        .onFailure(done::tryFail);
    return done.future().timeout(20, TimeUnit.SECONDS);
  }

  private static void read(HttpClientResponse response, int count,
      Promise<List<SseEvent>> done) {
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    List<SseEvent> events = new ArrayList<>();
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
          events.add(new SseEvent(id, kind, data));
          if (events.size() == count) {
            response.request().connection().close();
            done.tryComplete(events);
          }
        }
      }
    });
  }
}
