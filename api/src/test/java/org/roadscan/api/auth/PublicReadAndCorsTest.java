package org.roadscan.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AuthConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;

/**
 * Issue #30: the OGC API, Open311 and the register as GeoJSON answer without a token only when
 * {@code ROADSCAN_PUBLIC_READ=true}, and nothing else does; CORS headers are sent only for the
 * origins of {@code ROADSCAN_CORS_ORIGINS}, and not at all without it.
 */
class PublicReadAndCorsTest {

  private static final List<String> PUBLIC_READ = List.of("/ogc", "/ogc/collections",
      "/ogc/collections/damages/items", "/open311/v2/services.json",
      "/open311/v2/requests.json", "/v1/damages.geojson");
  private static final String GIS = "https://gis.example.de";

  private Vertx vertx;
  private WebClient anonymous;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    anonymous = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void byDefaultEveryReadNeedsATokenAndNoCorsHeaderIsSent(@TempDir Path dataDir) {
    int port = deploy(dataDir, Map.of());
    for (String path : PUBLIC_READ) {
      assertThat(get(port, path, GIS).statusCode()).as(path).isEqualTo(401);
    }
    HttpResponse<Buffer> withToken = Await.result(TestService.client(vertx)
        .get(port, "localhost", "/v1/repairs").putHeader("Origin", GIS).send());
    assertThat(withToken.statusCode()).isEqualTo(200);
    assertThat(withToken.getHeader("Access-Control-Allow-Origin")).isNull();
    HttpResponse<Buffer> preflight = preflight(port, GIS);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void publicReadOpensTheGisReadsOnlyAndCorsAdmitsTheConfiguredOrigins(@TempDir Path dataDir) {
    int port = deploy(dataDir, Map.of(AuthConfig.PUBLIC_READ, "true",
        AuthConfig.CORS_ORIGINS, GIS));
    for (String path : PUBLIC_READ) {
      HttpResponse<Buffer> response = get(port, path, GIS);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.getHeader("Access-Control-Allow-Origin")).as(path).isEqualTo(GIS);
    }
    for (String path : List.of("/v1/repairs", "/v1/repairs.csv", "/v1/surveys",
        "/v1/observations/1/image", "/v1/incidents/A-1")) {
      assertThat(get(port, path, GIS).statusCode()).as(path + " stays closed").isEqualTo(401);
    }
    HttpResponse<Buffer> preflight = preflight(port, GIS);
    assertThat(preflight.statusCode()).isBetween(200, 204);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo(GIS);
    assertThat(preflight.getHeader("Access-Control-Allow-Headers").toLowerCase())
        .contains("authorization");
    assertThat(preflight.getHeader("Access-Control-Allow-Credentials")).isNull();

    HttpResponse<Buffer> foreign = get(port, "/ogc", "https://evil.example");
    assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(preflight(port, "https://evil.example").getHeader(
        "Access-Control-Allow-Origin")).isNull();
  }

  private int deploy(Path dataDir, Map<String, String> overrides) {
    RoadScanVerticle service = new RoadScanVerticle(TestService.config(dataDir,
        SharedPostgres.newDatabaseUrl(), overrides), c -> new ScriptedCaptureAnalyzer(),
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(service));
    return service.actualPort();
  }

  private HttpResponse<Buffer> get(int port, String path, String origin) {
    return Await.result(anonymous.get(port, "localhost", path).putHeader("Origin", origin)
        .send());
  }

  private HttpResponse<Buffer> preflight(int port, String origin) {
    return Await.result(anonymous.request(HttpMethod.OPTIONS, port, "localhost", "/v1/repairs")
        .putHeader("Origin", origin)
        .putHeader("Access-Control-Request-Method", "GET")
        .putHeader("Access-Control-Request-Headers", "authorization")
        .send());
  }
}
