package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.capture.DirectoryImageBlobs;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestRegister;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.PixelBox;

/**
 * The pictures of observations (issue #29) through the real server and database, from real photos
 * of {@code sample-images/}; the analyzer is a scripted fake that places the boxes. Two photos of
 * one pothole (the rain photo more confident), a second pothole whose image the test deletes, and
 * the 4000 x 3000 drone frame.
 */
@ExtendWith(VertxExtension.class)
class ObservationImageWithFakeAnalyzerTest {

  private static final Path SAMPLES = Path.of("..", "sample-images");
  private static final Instant MONDAY = Instant.parse("2026-10-12T09:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-10-13T09:00:00Z");

  private static final PixelBox POTHOLE_BOX = new PixelBox(200, 300, 400, 450);
  private static final PixelBox RAIN_BOX = new PixelBox(180, 280, 420, 470);
  private static final PixelBox GONE_BOX = new PixelBox(100, 100, 300, 250);
  private static final PixelBox DRONE_BOX = new PixelBox(1800, 1400, 2000, 1560);

  private static int port;
  private static WebClient client;
  private static Path imageDir;
  /** File name → the only observation of its job, as the job shows it (id, damageId). */
  private static final Map<String, JsonObject> OBSERVATIONS = new HashMap<>();
  private static String goneSha256;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) throws IOException {
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    MultipartForm form = MultipartForm.create();
    Map<String, Object[]> photos = Map.of(
        "gelsenkirchen-bochumer-str-pothole.jpg", new Object[] {MONDAY, 0.0, 0.6, POTHOLE_BOX},
        "gelsenkirchen-bochumer-str-pothole-rain.jpg",
        new Object[] {TUESDAY, 0.3, 0.9, RAIN_BOX},
        "gelsenkirchen-cranger-str-pothole.jpg", new Object[] {MONDAY, 200.0, 0.7, GONE_BOX},
        "caliterra-aerial-nadir-djixmp.jpg", new Object[] {MONDAY, 400.0, 0.5, DRONE_BOX});
    for (Map.Entry<String, Object[]> photo : photos.entrySet()) {
      byte[] jpeg = Files.readAllBytes(SAMPLES.resolve(photo.getKey()));
      Object[] p = photo.getValue();
      analyzer.script(jpeg, TestCaptures.analysis((Instant) p[0], TestCaptures.observation("D40",
          (double) p[1], 0, 1.0, 1.0, (double) p[2], (PixelBox) p[3])));
      form.binaryFileUpload("image", photo.getKey(), Buffer.buffer(jpeg), "image/jpeg");
      if (photo.getKey().contains("cranger")) {
        goneSha256 = ImageStore.sha256(jpeg);
      }
    }
    imageDir = TestService.config(dataDir, null, Map.of()).imageDir();
    client = TestService.client(vertx);
    TestRegister.start(vertx, client, dataDir, SharedPostgres.newDatabaseUrl(), analyzer, form)
        .map(started -> {
          port = started.port();
          for (JsonObject job : started.jobs()) {
            OBSERVATIONS.put(job.getString("fileName"),
                job.getJsonArray("observations").getJsonObject(0));
          }
          return null;
        })
        .onComplete(tc.succeedingThenComplete());
  }

  private static HttpResponse<Buffer> get(String path) {
    return Await.result(TestService.get(client, port, path));
  }

  private static HttpResponse<Buffer> get(String path, String ifNoneMatch) {
    return Await.result(client.get(port, "localhost", path)
        .putHeader("If-None-Match", ifNoneMatch).send());
  }

  private static JsonObject observation(String sample) {
    return OBSERVATIONS.get(sample);
  }

  private static String imageOf(String sample) {
    return "/v1/observations/" + observation(sample).getLong("id") + "/image";
  }

  private static BufferedImage jpeg(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("image/jpeg");
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body().getBytes()));
      assertThat(image).as("decodes as an image").isNotNull();
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertProblem(HttpResponse<Buffer> response, ProblemType type,
      String field) {
    assertThat(response.statusCode()).isEqualTo(type.status());
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo(type.uri());
    assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }

  @Test
  void theDamagePageLinksEachObservationsPicturesAndBox() {
    long damageId = observation("gelsenkirchen-bochumer-str-pothole.jpg").getLong("damageId");
    assertThat(observation("gelsenkirchen-bochumer-str-pothole-rain.jpg").getLong("damageId"))
        .as("the two photos of one pothole are one damage").isEqualTo(damageId);

    JsonArray observations = get("/v1/damages/" + damageId).bodyAsJsonObject()
        .getJsonArray("observations");

    assertThat(observations).hasSize(2);
    JsonObject first = observations.getJsonObject(0); // Monday's, by capture time
    long id = observation("gelsenkirchen-bochumer-str-pothole.jpg").getLong("id");
    assertThat(first.getLong("id")).isEqualTo(id);
    assertThat(first.getString("image")).isEqualTo("/v1/observations/" + id + "/image");
    assertThat(first.getString("frame")).isEqualTo("/v1/observations/" + id + "/image?view=frame");
    assertThat(first.getJsonArray("boxPx")).containsExactly(200.0, 300.0, 400.0, 450.0);
    assertThat(observations.getJsonObject(1).getJsonArray("boxPx"))
        .containsExactly(180.0, 280.0, 420.0, 470.0);
  }

  @Test
  void anObservationsPictureIsAJpegExcerptNoLargerThanAsked() {
    String url = imageOf("gelsenkirchen-bochumer-str-pothole.jpg");

    HttpResponse<Buffer> byDefault = get(url);
    HttpResponse<Buffer> small = get(url + "?size=320&view=box");

    // the box's size beyond each side, clipped to the 640 px photo: 600 x 450, under 640
    BufferedImage excerpt = jpeg(byDefault);
    assertThat(excerpt.getWidth()).isEqualTo(600);
    assertThat(excerpt.getHeight()).isEqualTo(450);
    assertThat(byDefault.getHeader("Cache-Control")).isEqualTo("private, max-age=86400");
    assertThat(byDefault.getHeader("ETag")).startsWith("\"").endsWith("\"");
    BufferedImage scaled = jpeg(small);
    assertThat(Math.max(scaled.getWidth(), scaled.getHeight())).isEqualTo(320);
    assertThat(scaled.getHeight()).isEqualTo(240);
  }

  @Test
  void theFrameViewIsTheWholeFrameScaledDown() {
    String drone = imageOf("caliterra-aerial-nadir-djixmp.jpg");
    String pothole = imageOf("gelsenkirchen-bochumer-str-pothole.jpg");

    BufferedImage frame = jpeg(get(drone + "?view=frame"));
    BufferedImage smallFrame = jpeg(get(drone + "?view=frame&size=400"));
    BufferedImage photo = jpeg(get(pothole + "?view=frame"));

    assertThat(frame.getWidth()).isEqualTo(1600); // 4000 x 3000 to the default 1600
    assertThat(frame.getHeight()).isEqualTo(1200);
    assertThat(smallFrame.getWidth()).isEqualTo(400);
    assertThat(smallFrame.getHeight()).isEqualTo(300);
    assertThat(photo.getWidth()).as("never enlarged").isEqualTo(640);
    assertThat(photo.getHeight()).isEqualTo(640);
    // the box's top edge (y 1400 of 3000) outlined at row 560 - 2 in the 1200 px frame: amber
    int rgb = frame.getRGB(760, 558);
    assertThat((rgb >> 16) & 0xFF).isGreaterThan(200);
    assertThat((rgb >> 8) & 0xFF).isBetween(150, 230);
    assertThat(rgb & 0xFF).isLessThan(60);
  }

  @Test
  void aCurrentCopyIsNotSentAgain() {
    String url = imageOf("caliterra-aerial-nadir-djixmp.jpg");
    HttpResponse<Buffer> first = get(url);
    String etag = first.getHeader("ETag");

    HttpResponse<Buffer> again = get(url, etag);
    HttpResponse<Buffer> weakInAList = get(url, "\"something-else\", W/" + etag);
    HttpResponse<Buffer> other = get(url, "\"something-else\"");
    HttpResponse<Buffer> otherSize = get(url + "?size=200", etag);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(etag).contains("-box640-");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body() == null || again.body().length() == 0).isTrue();
    assertThat(again.getHeader("ETag")).isEqualTo(etag);
    assertThat(again.getHeader("Cache-Control")).isEqualTo("private, max-age=86400");
    assertThat(weakInAList.statusCode()).isEqualTo(304);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(otherSize.statusCode()).isEqualTo(200);
    assertThat(otherSize.getHeader("ETag")).isNotEqualTo(etag);
  }

  @Test
  void unknownAndMalformedIdsAre404() {
    assertProblem(get("/v1/observations/987654321/image"), ProblemType.NOT_FOUND, "id");
    assertProblem(get("/v1/observations/abc/image"), ProblemType.NOT_FOUND, "id");
    assertProblem(get("/v1/observations/0/image"), ProblemType.NOT_FOUND, "id");
  }

  @Test
  void badViewAndSizeAre400NamingTheParameter() {
    String url = imageOf("gelsenkirchen-bochumer-str-pothole.jpg");
    Map<String, String> bad = Map.of(
        url + "?size=63", "size",
        url + "?size=2049", "size",
        url + "?size=big", "size",
        url + "?view=frame&size=", "size",
        url + "?view=thumbnail", "view",
        url + "?colour=red", "colour");
    bad.forEach((path, field) ->
        assertProblem(get(path), ProblemType.INVALID_PARAMETER, field));
  }

  @Test
  void anImageNoLongerStoredIs404ImageGoneWhileTheDamageStays() throws IOException {
    String sample = "gelsenkirchen-cranger-str-pothole.jpg";
    String url = imageOf(sample);
    String etag = get(url).getHeader("ETag");

    Files.delete(new DirectoryImageBlobs(imageDir).pathOf(goneSha256));

    assertProblem(get(url), ProblemType.IMAGE_GONE, "id");
    assertProblem(get(url, etag), ProblemType.IMAGE_GONE, "id");
    assertProblem(get(url + "?view=frame"), ProblemType.IMAGE_GONE, "id");
    assertThat(get("/v1/damages/" + observation(sample).getLong("damageId")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theRepairListShowsEachDamagesBestObservation() {
    long pothole = observation("gelsenkirchen-bochumer-str-pothole.jpg").getLong("damageId");
    // the rain photo's observation is the more confident one (0.9 against 0.6)
    String best = imageOf("gelsenkirchen-bochumer-str-pothole-rain.jpg");

    JsonArray repairs = get("/v1/repairs?status=all&plausibility=all").bodyAsJsonObject()
        .getJsonArray("repairs");
    JsonArray features = get("/v1/repairs.geojson?status=all&plausibility=all")
        .bodyAsJsonObject().getJsonArray("features");

    assertThat(repairs).hasSize(3);
    for (int i = 0; i < repairs.size(); i++) {
      JsonObject repair = repairs.getJsonObject(i);
      assertThat(repair.getString("image")).startsWith("/v1/observations/").endsWith("/image");
      if (repair.getLong("id") == pothole) {
        assertThat(repair.getString("image")).isEqualTo(best);
      }
    }
    assertThat(features).hasSize(3);
    for (int i = 0; i < features.size(); i++) {
      JsonObject properties = features.getJsonObject(i).getJsonObject("properties");
      if (properties.getLong("id") == pothole) {
        assertThat(properties.getString("image")).isEqualTo(best);
      }
    }
    assertThat(jpeg(get(best)).getWidth()).isEqualTo(640); // 240 + 2 x 240, clipped
  }
}
