package org.roadscan.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.AuthConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;

/**
 * Issue #30: tokens are created, listed, expire and are revoked, over HTTP ({@code /v1/tokens})
 * and with {@code token create|list|revoke} ({@link TokenCommand}) on an external database, on a
 * fresh embedded one, and on the embedded one of a running service; a token works or stops
 * working with the next request. The first start without any token writes an admin token to
 * {@code <dataDir>/admin.token}, owner-only.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TokenLifecycleTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void tokensAreCreatedListedRevokedAndExpireOverHttp(@TempDir Path dataDir) {
    String dbUrl = SharedPostgres.newDatabaseUrl();
    int port = deploy(TestService.config(dataDir, dbUrl, Map.of()));
    WebClient admin = TestService.client(vertx);

    HttpResponse<Buffer> created = Await.result(admin.post(port, "localhost", "/v1/tokens")
        .sendJsonObject(new JsonObject().put("name", "Trupp Nord").put("role", "crew")
            .put("days", 30)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject token = created.bodyAsJsonObject();
    String secret = token.getString("token");
    assertThat(secret).startsWith("rs_").hasSize(46);
    assertThat(token.getString("role")).isEqualTo("crew");
    assertThat(token.getString("createdBy")).isEqualTo(TokenBootstrap.PROVIDED_NAME);
    assertThat(token.getString("expiresAt")).isNotNull();
    assertThat(created.getHeader("Location")).isEqualTo("/v1/tokens/" + token.getLong("id"));

    JsonObject me = me(port, secret, 200);
    assertThat(me.getString("name")).isEqualTo("Trupp Nord");
    assertThat(me.getJsonArray("may").getList()).contains("POST /v1/surveys")
        .doesNotContain("GET /v1/tokens");

    HttpResponse<Buffer> list = Await.result(admin.get(port, "localhost", "/v1/tokens").send());
    JsonArray tokens = list.bodyAsJsonObject().getJsonArray("tokens");
    assertThat(tokens.encode()).as("secrets are never listed").doesNotContain(secret)
        .doesNotContain("\"token\"");
    assertThat(tokens.stream().map(t -> ((JsonObject) t).getString("name")))
        .contains("Trupp Nord", TokenBootstrap.PROVIDED_NAME);

    // bad requests name the member
    HttpResponse<Buffer> badRole = Await.result(admin.post(port, "localhost", "/v1/tokens")
        .sendJsonObject(new JsonObject().put("name", "x").put("role", "mayor")));
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(badRole.bodyAsJsonObject().getString("field")).isEqualTo("role");
    HttpResponse<Buffer> badDays = Await.result(admin.post(port, "localhost", "/v1/tokens")
        .sendJsonObject(new JsonObject().put("name", "x").put("role", "viewer").put("days", 0)));
    assertThat(badDays.bodyAsJsonObject().getString("field")).isEqualTo("days");

    HttpResponse<Buffer> revoked = Await.result(admin.delete(port, "localhost",
        "/v1/tokens/" + token.getLong("id")).send());
    assertThat(revoked.statusCode()).isEqualTo(204);
    me(port, secret, 401);
    assertThat(Await.result(admin.delete(port, "localhost", "/v1/tokens/999999").send())
        .statusCode()).isEqualTo(404);

    // expiry: a token whose time is up stops working with the next request
    String viewer = Await.result(TestService.token(admin, port, "viewer", "Planung"));
    me(port, viewer, 200);
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx)
        .build();
    Await.result(pool.preparedQuery("UPDATE api_tokens SET expires_at = now() - interval '1 s'"
        + " WHERE token_sha256 = $1").execute(Tuple.of(Buffer.buffer(TokenSecret.sha256(viewer)))));
    me(port, viewer, 401);
    Await.result(pool.close());
  }

  @Test
  void theCommandCreatesListsAndRevokesTokensOnTheServicesDatabase(@TempDir Path dataDir) {
    String dbUrl = SharedPostgres.newDatabaseUrl();
    AppConfig config = TestService.config(dataDir, dbUrl, Map.of());
    int port = deploy(config);

    Output create = command(config, "create", "--role", "viewer", "--name", "Leitstelle",
        "--days", "7");
    assertThat(create.code()).as(create.err()).isZero();
    String secret = create.out().strip();
    assertThat(create.out()).as("standard output is the secret and nothing else")
        .isEqualTo(secret + System.lineSeparator());
    assertThat(secret).startsWith("rs_");
    assertThat(create.err()).contains("Leitstelle").doesNotContain(secret);
    assertThat(me(port, secret, 200).getString("role")).isEqualTo("viewer");

    Output list = command(config, "list");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("Leitstelle", "viewer", "active").doesNotContain(secret);
    String id = list.out().lines().filter(line -> line.endsWith("Leitstelle"))
        .map(line -> line.split("\\s+")[0]).findFirst().orElseThrow();

    assertThat(command(config, "revoke", id).code()).isZero();
    me(port, secret, 401);
    assertThat(command(config, "list").out()).contains("revoked");
    assertThat(command(config, "revoke", "999999").code()).isEqualTo(1);

    // wrong use: exit status 2 and the usage, nothing on standard output
    for (String[] wrong : new String[][] {{}, {"create", "--role", "mayor", "--name", "x"},
        {"create", "--name", "x"}, {"create", "--role", "crew", "--name", "x", "--days", "0"},
        {"revoke", "abc"}, {"rotate"}}) {
      Output refused = command(config, wrong);
      assertThat(refused.code()).as(String.join(" ", wrong)).isEqualTo(2);
      assertThat(refused.out()).isEmpty();
      assertThat(refused.err()).contains("usage");
    }
  }

  @Test
  void theCommandWorksOnAFreshEmbeddedDatabaseAndOnTheOneOfARunningService(
      @TempDir Path dataDir) {
    AppConfig config = TestService.config(dataDir, null, Map.of(AppConfig.WORKERS, "0"));
    // no service yet: the command starts the embedded server itself and migrates it
    Output before = command(config, "create", "--role", "roaddept", "--name", "Tiefbauamt");
    assertThat(before.code()).as(before.err()).isZero();
    String early = before.out().strip();

    int port = deploy(config);
    assertThat(me(port, early, 200).getString("name")).isEqualTo("Tiefbauamt");

    // the service runs: the command uses its server (port and password from the data dir)
    Output during = command(config, "create", "--role", "firebrigade", "--name", "Wache 1");
    assertThat(during.code()).as(during.err()).isZero();
    assertThat(during.err()).contains("running");
    assertThat(me(port, during.out().strip(), 200).getString("role")).isEqualTo("firebrigade");
  }

  @Test
  void theFirstStartWithoutAnyTokenWritesAnAdminTokenForItsOwnerOnly(@TempDir Path dataDir)
      throws Exception {
    String dbUrl = SharedPostgres.newDatabaseUrl();
    // no ROADSCAN_ADMIN_TOKEN
    AppConfig config = TestService.config(dataDir, dbUrl, Map.of(AuthConfig.ADMIN_TOKEN, ""));
    assertThat(config.auth().adminToken()).isNull();
    RoadScanVerticle first = new RoadScanVerticle(config, c -> new ScriptedCaptureAnalyzer(),
        TestCaptures.ACCEPT_ALL);
    String id = Await.result(vertx.deployVerticle(first));
    Path file = dataDir.resolve("admin.token");
    assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
    JsonObject me = me(first.actualPort(), secret, 200);
    assertThat(me.getString("role")).isEqualTo("admin");
    assertThat(me.getString("name")).isEqualTo(TokenBootstrap.FIRST_NAME);
    Await.result(vertx.undeploy(id));

    // a restart finds a token and creates none
    Files.delete(file);
    int port = deploy(config);
    assertThat(file).doesNotExist();
    me(port, secret, 200);
  }

  private int deploy(AppConfig config) {
    RoadScanVerticle service = new RoadScanVerticle(config, c -> new ScriptedCaptureAnalyzer(),
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(service));
    return service.actualPort();
  }

  private JsonObject me(int port, String token, int expectedStatus) {
    HttpResponse<Buffer> response = Await.result(WebClient.create(vertx)
        .get(port, "localhost", "/v1/me").putHeader("Authorization", TestService.bearer(token))
        .send());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(expectedStatus);
    return response.bodyAsJsonObject();
  }

  private record Output(int code, String out, String err) {
  }

  private static Output command(AppConfig config, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TokenCommand.run(args, config, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Output(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }
}
