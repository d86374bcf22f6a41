package org.roadscan.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;

/**
 * {@code /openapi.json} describes exactly the routes the running service answers (the router's
 * own table, not a list kept by hand), every operation is complete, every reference resolves, and
 * {@code /api} shows every operation.
 */
@ExtendWith(VertxExtension.class)
class OpenApiDocumentTest {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  private static RoadScanVerticle service;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext tc, @TempDir Path dataDir) {
    service = new RoadScanVerticle(TestService.config(dataDir, SharedPostgres.newDatabaseUrl(),
        Map.of()), c -> new ScriptedCaptureAnalyzer(), TestCaptures.ACCEPT_ALL);
    client = TestService.client(vertx);
    vertx.deployVerticle(service).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void theDocumentNamesEveryRouteOfTheRouterAndNoOther(VertxTestContext tc) {
    TestService.get(client, service.actualPort(), "/openapi.json")
        .onComplete(tc.succeeding(response -> tc.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).startsWith("application/json");
          JsonObject served = response.bodyAsJsonObject();
          assertThat(served.getString("openapi")).isEqualTo("3.1.0");

          List<ApiRoute> answered = service.routes();
          List<ApiRoute> documented = OpenApiDocument.load().routes();
          assertThat(answered).as("the router's routes").hasSizeGreaterThan(30);
          Set<ApiRoute> undocumented = new TreeSet<>(answered);
          documented.forEach(undocumented::remove);
          Set<ApiRoute> phantom = new TreeSet<>(documented);
          answered.forEach(phantom::remove);
          assertThat(undocumented).as("routes missing from openapi.json").isEmpty();
          assertThat(phantom).as("operations in openapi.json that no route answers").isEmpty();
          tc.completeNow();
        })));
  }

  @Test
  void everyOperationIsCompleteAndEveryReferenceResolves() {
    JsonObject doc = OpenApiDocument.load().json();
    Set<String> operationIds = new HashSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        String where = method.toUpperCase() + " " + path;
        assertThat(op.getString("summary")).as(where + " summary").isNotBlank();
        assertThat(op.getJsonArray("tags")).as(where + " tags").isNotEmpty();
        assertThat(op.getJsonObject("responses").fieldNames()).as(where + " responses")
            .anyMatch(code -> code.startsWith("2") || code.equals("101"));
        assertThat(operationIds.add(op.getString("operationId"))).as(where + " operationId "
            + op.getString("operationId") + " unique").isTrue();
        Set<String> declared = new HashSet<>();
        for (Object p : op.getJsonArray("parameters", new JsonArray())) {
          JsonObject parameter = resolve(doc, (JsonObject) p);
          assertThat(parameter.getString("description")).as(where + " parameter "
              + parameter.getString("name")).isNotBlank();
          if ("path".equals(parameter.getString("in"))) {
            declared.add(parameter.getString("name"));
          }
        }
        Set<String> inPath = new HashSet<>();
        Matcher m = PATH_PARAMETER.matcher(path);
        while (m.find()) {
          inPath.add(m.group(1));
        }
        assertThat(declared).as(where + " path parameters").isEqualTo(inPath);
      }
    }
    assertReferencesResolve(doc, doc);
  }

  @Test
  void theApiPageShowsEveryOperation(VertxTestContext tc) {
    TestService.get(client, service.actualPort(), "/api")
        .onComplete(tc.succeeding(response -> tc.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).startsWith("text/html");
          assertThat(response.getHeader("Content-Security-Policy")).contains("default-src 'none'");
          String html = response.bodyAsString();
          assertThat(html).contains("href=\"/openapi.json\"", "href=\"/\"");
          for (ApiRoute route : OpenApiDocument.load().routes()) {
            assertThat(html).as(route.toString())
                .contains("<code>" + ApiPage.esc(route.path()) + "</code>");
          }
          JsonObject paths = OpenApiDocument.load().json().getJsonObject("paths");
          for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
              String id = paths.getJsonObject(path).getJsonObject(method).getString("operationId");
              assertThat(html).contains("id=\"" + id + "\"");
            }
          }
          tc.completeNow();
        })));
  }

  private static void assertReferencesResolve(JsonObject doc, Object node) {
    if (node instanceof JsonObject object) {
      String ref = object.getString("$ref");
      if (ref != null) {
        assertThat(ref).startsWith("#/");
        assertThat(resolve(doc, object)).as(ref).isNotNull();
      }
      object.forEach(entry -> assertReferencesResolve(doc, entry.getValue()));
    } else if (node instanceof JsonArray array) {
      array.forEach(item -> assertReferencesResolve(doc, item));
    }
  }

  private static JsonObject resolve(JsonObject doc, JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    if (ref == null) {
      return maybeRef;
    }
    JsonObject target = doc;
    for (String step : ref.substring(2).split("/")) {
      target = target == null ? null : target.getJsonObject(step);
    }
    return target;
  }
}
