package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.SyntheticDroneFrames;
import org.roadscan.api.testing.SyntheticDroneFrames.Frame;
import org.roadscan.api.testing.SyntheticDroneFrames.Truth;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestRegister;
import org.roadscan.detector.geo.GeoPoint;
import org.roadscan.detector.geo.Wgs84;
import org.roadscan.api.testing.TestService;

/**
 * Issue #26: one damage read through every route that places it — its page ({@code
 * /v1/damages/{id}}), the repair list ({@code /v1/repairs}), both GeoJSON downloads and the OGC
 * item — gives one position, and the page's footprint lies on it. The register is filled over
 * HTTP by a scripted analyzer with two synthetic drone frames ({@link SyntheticDroneFrames}) of a
 * pothole and a weaker pothole 3 m away, the second frame oblique with its GPS 2.2 m off.
 */
@ExtendWith(VertxExtension.class)
class DamageGeometryAcrossRoutesWithFakeAnalyzerTest {

  private static final Instant MAY_1 = Instant.parse("2026-05-01T09:00:00Z");
  private static final List<Truth> TRUTH = List.of(
      new Truth("D40", 0, 0, 0.5), new Truth("D40", 3, 0, 0.3));
  private static final List<Frame> FRAMES = List.of(
      new Frame(1.5, 0, 30, -90, 30, 0, 0, MAY_1),
      new Frame(1.5, 0, 30, -60, 120, 2, -1, MAY_1.plusSeconds(86_400)));

  private static int port;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) {
    client = TestService.client(vertx);
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i < FRAMES.size(); i++) {
      byte[] jpeg = TestImages.jpeg(600 + i);
      analyzer.script(jpeg, SyntheticDroneFrames.analysis(FRAMES.get(i), TRUTH));
      form.binaryFileUpload("image", "frame-" + i + ".jpg", Buffer.buffer(jpeg), "image/jpeg");
    }
    TestRegister.start(vertx, client, dataDir, SharedPostgres.newDatabaseUrl(), analyzer, form)
        .onSuccess(started -> port = started.port())
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void everyRouteGivesTheSamePositionAndTheFootprintLiesOnIt(VertxTestContext tc) {
    get(client, port, "/v1/repairs")
        .compose(list -> {
          JsonArray repairs = list.bodyAsJsonObject().getJsonArray("repairs");
          tc.verify(() -> assertThat(repairs).hasSize(2));
          List<Future<Void>> checks = new ArrayList<>();
          for (int i = 0; i < repairs.size(); i++) {
            checks.add(check(tc, repairs.getJsonObject(i)));
          }
          return Future.all(checks);
        })
        .onComplete(tc.succeedingThenComplete());
  }

  /** Reads the damage of a repair-list item through every other route and compares. */
  private Future<Void> check(VertxTestContext tc, JsonObject item) {
    long id = item.getLong("id");
    double lon = item.getJsonObject("position").getDouble("lon");
    double lat = item.getJsonObject("position").getDouble("lat");
    return Future.all(get(client, port, "/v1/damages/" + id),
            get(client, port, "/v1/damages.geojson"), get(client, port, "/v1/repairs.geojson"),
            get(client, port, "/ogc/collections/damages/items/" + id))
        .map(all -> {
          tc.verify(() -> {
            JsonObject page = all.<HttpResponse<Buffer>>resultAt(0)
                .bodyAsJsonObject();
            assertThat(page.getJsonObject("position").getDouble("lon")).isEqualTo(lon);
            assertThat(page.getJsonObject("position").getDouble("lat")).isEqualTo(lat);
            assertThat(page.getInteger("observationCount")).isEqualTo(2);
            assertThat(page.getDouble("areaM2")).isEqualTo(item.getDouble("areaM2"));
            for (int r = 1; r <= 2; r++) {
              JsonArray features = all.<HttpResponse<Buffer>>resultAt(r)
                  .bodyAsJsonObject().getJsonArray("features");
              JsonObject feature = null;
              for (int f = 0; f < features.size(); f++) {
                JsonObject candidate = features.getJsonObject(f);
                Object fid = candidate.getValue("id");
                Object pid = candidate.getJsonObject("properties").getValue("id");
                if (Long.valueOf(id).equals(asLong(fid)) || Long.valueOf(id).equals(asLong(pid))) {
                  feature = candidate;
                }
              }
              assertThat(feature).as("damage %d in download %d", id, r).isNotNull();
              assertPoint(feature.getJsonObject("geometry"), lon, lat);
              assertThat(feature.getJsonObject("properties").getDouble("areaM2"))
                  .isEqualTo(item.getDouble("areaM2"));
            }
            JsonObject ogc = all.<HttpResponse<Buffer>>resultAt(3)
                .bodyAsJsonObject();
            assertPoint(ogc.getJsonObject("geometry"), lon, lat);
            assertThat(ogc.getJsonObject("properties").getDouble("areaM2"))
                .isEqualTo(item.getDouble("areaM2"));

            // The footprint lies on the position, with the damage's area.
            Polygon footprint = polygon(page.getJsonObject("footprint"));
            Point position = Wgs84.GEOMETRY_FACTORY.createPoint(new Coordinate(lon, lat));
            assertThat(footprint.contains(position)).as("damage %d", id).isTrue();
            // And the position is the truth plus the GPS error of the frame registered first.
            assertThat(FRAMES.stream().anyMatch(frame -> TRUTH.stream().anyMatch(t -> {
              GeoPoint expected = SyntheticDroneFrames.at(t.eastM() + frame.gpsErrorEastM(),
                  t.northM() + frame.gpsErrorNorthM());
              return Wgs84.distanceM(lon, lat, expected.lonDeg(), expected.latDeg()) < 0.05;
            }))).as("damage %d at %s, %s", id, lon, lat).isTrue();
          });
          return null;
        });
  }

  private static Long asLong(Object value) {
    return value instanceof Number n ? n.longValue()
        : value instanceof String s && s.matches("\\d+") ? Long.parseLong(s) : null;
  }

  private static void assertPoint(JsonObject geometry, double lon, double lat) {
    assertThat(geometry.getString("type")).isEqualTo("Point");
    assertThat(geometry.getJsonArray("coordinates").getDouble(0)).isEqualTo(lon);
    assertThat(geometry.getJsonArray("coordinates").getDouble(1)).isEqualTo(lat);
  }

  private static Polygon polygon(JsonObject geoJson) {
    JsonArray ring = geoJson.getJsonArray("coordinates").getJsonArray(0);
    Coordinate[] coordinates = new Coordinate[ring.size()];
    for (int i = 0; i < ring.size(); i++) {
      coordinates[i] = new Coordinate(ring.getJsonArray(i).getDouble(0),
          ring.getJsonArray(i).getDouble(1));
    }
    return Wgs84.GEOMETRY_FACTORY.createPolygon(coordinates);
  }
}
