package org.roadscan.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.docs.ApiRoute;
import org.roadscan.api.docs.OpenApiDocument;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;
import org.roadscan.api.testing.TestService;

/**
 * Issue #30: every route of the router (its own table, not a list kept by hand) refuses a caller
 * without a token (401 {@code unauthorized} with {@code WWW-Authenticate: Bearer}) and a caller
 * whose role it does not admit (403 {@code forbidden} naming the roles), and lets the roles it
 * admits through; the admitted roles are pinned here route by route, so a change of who may do
 * what shows up in review. Every answer carries the security headers. A route registered without
 * declared access fails the router's build.
 */
class RouteRolesTest {

  private static final Set<Role> CREW_ROADDEPT = EnumSet.of(Role.CREW, Role.ROADDEPT);
  private static final Set<Role> VIEWER_ROADDEPT = EnumSet.of(Role.VIEWER, Role.ROADDEPT);
  private static final Set<Role> ROADDEPT = EnumSet.of(Role.ROADDEPT);
  private static final Set<Role> FIREBRIGADE = EnumSet.of(Role.FIREBRIGADE);
  private static final Set<Role> ADMIN = EnumSet.noneOf(Role.class);
  private static final Set<Role> ANY = EnumSet.allOf(Role.class);
  /** Marks a public route. */
  private static final Set<Role> PUBLIC = null;

  /** Who may call what besides admin (null: public, no token needed). */
  private static final Map<String, Set<Role>> EXPECTED = new LinkedHashMap<>();

  static {
    for (String route : List.of("GET /", "HEAD /", "GET /health", "GET /health/live",
        "GET /health/ready", "GET /api", "GET /openapi.json")) {
      EXPECTED.put(route, PUBLIC);
    }
    EXPECTED.put("GET /v1/me", ANY);
    for (String route : List.of("POST /v1/captures", "GET /v1/jobs/{id}", "POST /v1/surveys",
        "GET /v1/surveys", "GET /v1/surveys/{id}", "POST /v1/surveys/{id}/media",
        "GET /v1/surveys/{id}/events")) {
      EXPECTED.put(route, CREW_ROADDEPT);
    }
    for (String route : List.of("GET /v1/repairs", "GET /v1/repairs.geojson",
        "GET /v1/damages/{id}", "GET /v1/damages/{id}/events", "GET /v1/observations/{id}/image",
        // public with ROADSCAN_PUBLIC_READ=true (PublicReadAndCorsTest)
        "GET /v1/damages.geojson", "GET /ogc", "GET /ogc/api", "GET /ogc/conformance",
        "GET /ogc/collections", "GET /ogc/collections/damages",
        "GET /ogc/collections/damages/items", "GET /ogc/collections/damages/items/{id}",
        "GET /open311/v2/services.json", "GET /open311/v2/requests.json",
        "GET /open311/v2/requests/{file}")) {
      EXPECTED.put(route, VIEWER_ROADDEPT);
    }
    EXPECTED.put("GET /v1/repairs.csv", ROADDEPT);
    EXPECTED.put("PATCH /v1/damages/{id}", ROADDEPT);
    for (String route : List.of("POST /v1/feed/frames", "GET /v1/feed/ws",
        "GET /v1/incidents/{id}", "GET /v1/incidents/{id}/frames/{frameId}",
        "GET /v1/incidents/{id}/events", "GET /v1/incidents/{id}/cot",
        "GET /v1/incidents/{id}/geojson")) {
      EXPECTED.put(route, FIREBRIGADE);
    }
    for (String route : List.of("POST /v1/tokens", "GET /v1/tokens",
        "DELETE /v1/tokens/{id}", "GET /metrics")) {
      EXPECTED.put(route, ADMIN);
    }
  }

  private static Vertx vertx;
  private static AppConfig config;
  private static RoadScanVerticle service;
  private static HttpClient http;
  private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    vertx = Vertx.vertx();
    config = TestService.config(dataDir, SharedPostgres.newDatabaseUrl(), Map.of());
    service = new RoadScanVerticle(config, c -> new ScriptedCaptureAnalyzer(),
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(service));
    http = vertx.createHttpClient();
    WebClient admin = TestService.client(vertx);
    TOKENS.put(Role.ADMIN, TestService.ADMIN_TOKEN);
    for (Role role : Role.values()) {
      if (role != Role.ADMIN) {
        TOKENS.put(role, Await.result(TestService.token(admin, service.actualPort(),
            role.value(), "route test " + role.value())));
      }
    }
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void theRouterDeclaresAccessForEveryRouteAsThisTablePinsIt() {
    List<ApiRoute> routes = service.routes();
    assertThat(routes).hasSizeGreaterThan(40);
    Map<String, String> declared = new TreeMap<>();
    service.routeAccess().forEach((route, access) -> declared.put(route.toString(),
        access.isPublic() ? "public" : access.describe()));
    Map<String, String> expected = new TreeMap<>();
    for (ApiRoute route : routes) {
      Access access = service.routeAccess().get(route);
      assertThat(access).as(route + " declares its access").isNotNull();
      assertThat(EXPECTED).as("the expected access of " + route + " (add it to this test)")
          .containsKey(route.toString());
      Set<Role> roles = EXPECTED.get(route.toString());
      expected.put(route.toString(), roles == PUBLIC ? "public" : describe(roles, access));
    }
    declared.keySet().retainAll(expected.keySet());
    assertThat(declared).isEqualTo(expected);
  }

  @Test
  void theOpenApiDocumentStatesEachOperationsRolesAndSecurity() {
    JsonObject paths = OpenApiDocument.load().json().getJsonObject("paths");
    for (ApiRoute route : service.routes()) {
      Access access = service.routeAccess().get(route);
      JsonObject operation = paths.getJsonObject(route.path())
          .getJsonObject(route.method().toLowerCase(java.util.Locale.ROOT));
      List<String> roles = new ArrayList<>();
      access.roles().stream().map(Role::value).sorted().forEach(roles::add);
      assertThat(operation.getJsonArray("x-roles").getList()).as(route + " x-roles")
          .isEqualTo(roles);
      assertThat(operation.getJsonArray("security").isEmpty()).as(route + " security")
          .isEqualTo(access.isPublic());
      assertThat(operation.getBoolean("x-public-read", false)).as(route + " x-public-read")
          .isEqualTo(access.publicRead());
      if (!access.isPublic()) {
        assertThat(operation.getJsonObject("responses").fieldNames()).as(route.toString())
            .contains("401", "403");
      }
    }
  }

  @Test
  void everyRouteRefusesAMissingTokenAndEveryRoleItDoesNotAdmit() {
    List<String> checked = new ArrayList<>();
    for (ApiRoute route : service.routes()) {
      Set<Role> admitted = EXPECTED.get(route.toString());
      Answer anonymous = call(route, null);
      assertSecurityHeaders(route + " without token", anonymous);
      if (admitted == PUBLIC) {
        assertThat(anonymous.status()).as(route + " is public").isNotIn(401, 403);
        continue;
      }
      assertThat(anonymous.status()).as(route + " without token").isEqualTo(401);
      assertThat(anonymous.type()).as(route + " " + anonymous.headers().entries() + " "
          + anonymous.body()).isEqualTo(ProblemType.UNAUTHORIZED.uri());
      assertThat(anonymous.headers().get("WWW-Authenticate")).as(route.toString())
          .startsWith("Bearer");

      Answer badToken = call(route, "rs_not-a-token-anybody-was-given-0123456789ab");
      assertThat(badToken.status()).as(route + " with an unknown token").isEqualTo(401);

      for (Role role : Role.values()) {
        Answer answer = call(route, TOKENS.get(role));
        assertSecurityHeaders(route + " as " + role, answer);
        if (role == Role.ADMIN || admitted.contains(role)) {
          assertThat(answer.status()).as(route + " admits " + role + ": " + answer.body())
              .isNotIn(401, 403);
        } else {
          assertThat(answer.status()).as(route + " refuses " + role).isEqualTo(403);
          assertThat(answer.type()).isEqualTo(ProblemType.FORBIDDEN.uri());
          assertThat(answer.body().getString("detail")).as(route.toString())
              .contains("needs the role").contains("admin");
        }
      }
      checked.add(route.toString());
    }
    assertThat(checked).hasSizeGreaterThan(35);
  }

  @Test
  void unknownRoutesAndAuthenticatedAnswersCarryTheHeadersToo() {
    Answer missing = call(new ApiRoute("GET", "/v1/no-such-route"), TestService.ADMIN_TOKEN);
    assertThat(missing.status()).isEqualTo(404);
    assertSecurityHeaders("404", missing);
    Answer wrongMethod = call(new ApiRoute("PUT", "/v1/repairs"), TestService.ADMIN_TOKEN);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertSecurityHeaders("405", wrongMethod);
    Answer me = call(new ApiRoute("GET", "/v1/me"), TOKENS.get(Role.VIEWER));
    assertThat(me.status()).as(me.headers() + " " + me.body()).isEqualTo(200);
    assertSecurityHeaders("200", me);
    assertThat(me.headers().get("Cache-Control")).isEqualTo("no-store");
    assertThat(me.body().getString("name")).as(me.headers().entries() + " " + me.body()).isEqualTo("route test viewer");
    assertThat(me.body().getString("role")).isEqualTo("viewer");
    assertThat(me.body().getJsonArray("may").getList()).contains("GET /v1/repairs")
        .doesNotContain("PATCH /v1/damages/{id}", "GET /v1/surveys", "GET /health");
    Answer health = call(new ApiRoute("GET", "/health"), null);
    assertSecurityHeaders("public 200", health);
    // a token that is not a bearer token
    Answer basic = call(new ApiRoute("GET", "/v1/me"), null, "Basic YWRtaW46YWRtaW4=");
    assertThat(basic.status()).isEqualTo(401);
  }

  @Test
  void anAnonymousUploadIsRefusedBeforeItsBodyIsStored() throws Exception {
    byte[] image = TestImages.jpeg(41);
    HttpResponse<Buffer> refused = Await.result(WebClient.create(vertx)
        .post(service.actualPort(), "localhost", "/v1/captures")
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("image", "a.jpg",
            Buffer.buffer(image), "image/jpeg")));
    assertThat(refused.statusCode()).isEqualTo(401);
    try (var files = Files.list(config.uploadDir())) {
      assertThat(files.toList()).as("nothing of it was spooled").isEmpty();
    }
    try (var stored = Files.walk(config.imageDir())) {
      assertThat(stored.filter(Files::isRegularFile).toList()).as("no image stored").isEmpty();
    }
  }

  @Test
  void theTokenMayComeInTheQueryOnlyOnStreamRoutes() {
    String viewer = TOKENS.get(Role.VIEWER);
    String crew = TOKENS.get(Role.CREW);
    assertThat(call(new ApiRoute("GET", "/v1/repairs?access_token=" + viewer), null).status())
        .as("not on ordinary routes: a token in a URL ends up in logs and histories")
        .isEqualTo(401);
    Answer stream = call(new ApiRoute("GET", "/v1/surveys/999999/events?access_token=" + crew),
        null);
    assertThat(stream.status()).as("EventSource cannot send a header").isEqualTo(404);
  }

  @Test
  void aRouteRegisteredWithoutDeclaredAccessFailsTheRoutersBuild() {
    Router router = Router.router(vertx);
    AccessRoutes routes = new AccessRoutes(router, new Authenticator(null, null), false);
    routes.get("/declared", Access.of(Role.VIEWER)).handler(ctx -> ctx.end());
    router.get("/forgotten/:id").handler(ctx -> ctx.end());
    assertThatThrownBy(routes::verify).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /forgotten/{id}").hasMessageNotContaining("/declared");

    Router other = Router.router(vertx);
    AccessRoutes twice = new AccessRoutes(other, new Authenticator(null, null), false);
    twice.get("/x", Access.of(Role.VIEWER));
    assertThatThrownBy(() -> twice.get("/x", Access.of(Role.CREW)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("two accesses");
  }

  private static String describe(Set<Role> roles, Access declared) {
    Role[] admitted = roles.toArray(Role[]::new);
    Access expected = declared.publicRead() ? Access.publicRead(admitted) : Access.of(admitted);
    return expected.describe();
  }

  private static void assertSecurityHeaders(String what, Answer answer) {
    assertThat(answer.headers().get("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
    assertThat(answer.headers().get("X-Frame-Options")).as(what).isEqualTo("DENY");
    assertThat(answer.headers().get("Referrer-Policy")).as(what).isNotBlank();
  }

  /** Status, headers and (for JSON answers) body; a stream's body is not waited for. */
  private record Answer(int status, MultiMap headers, JsonObject body) {
    String type() {
      return body.getString("type");
    }
  }

  private static Answer call(ApiRoute route, String token) {
    return call(route, token, token == null ? null : TestService.bearer(token));
  }

  /** Calls a route with its path parameters filled with ids nothing has. */
  private static Answer call(ApiRoute route, String token, String authorization) {
    String path = route.path().replace("{file}", "999999.json").replaceAll("\\{[^}]+}",
        "999999");
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(route.method()))
        .setHost("localhost").setPort(service.actualPort()).setURI(path);
    if (authorization != null) {
      options.putHeader("Authorization", authorization);
    }
    // on a Vert.x context: the response's body is then read from its first byte (from the JUnit
    // thread the callbacks may run after the body arrived)
    Promise<Answer> answer = Promise.promise();
    vertx.runOnContext(v -> http.request(options)
        .compose(request -> request.send())
        .compose(response -> {
          String type = response.getHeader("Content-Type");
          boolean json = type != null && type.contains("json");
          if (!json || response.statusCode() < 400 && type.contains("event-stream")) {
            // a stream or a file: the head is enough, the connection goes
            response.request().connection().close();
            return Future.succeededFuture(new Answer(response.statusCode(), response.headers(),
                new JsonObject()));
          }
          return response.body().map(body -> new Answer(response.statusCode(),
              response.headers(), body.length() > 0 && body.getByte(0) == '{'
                  ? body.toJsonObject() : new JsonObject()));
        })
        .onComplete(answer));
    return Await.result(answer.future());
  }
}
