package org.roadscan.api.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.WebClientInternal;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.AuthConfig;

/**
 * Configuration and HTTP steps for tests that run the whole service on port 0. Everything returns
 * futures; polling waits with Vert.x timers, never by sleeping a thread.
 *
 * <p>Every configuration pre-provisions {@link #ADMIN_TOKEN} ({@code ROADSCAN_ADMIN_TOKEN}), and
 * {@link #client} sends it with every request that names no token of its own, so tests that are
 * not about roles call the service as an admin (issue #30).
 */
public final class TestService {

  /** The admin secret every test configuration provides. */
  public static final String ADMIN_TOKEN = "rs_test-admin-token-0123456789abcdefghijklmnop";
  /** The {@code Authorization} value of {@link #ADMIN_TOKEN}, for raw {@code HttpClient}s. */
  public static final String ADMIN_AUTHORIZATION = bearer(ADMIN_TOKEN);

  /**
   * The real privacy models ({@code models/privacy} of the checkout, found above the working
   * directory: {@code api/} under Maven, the root for the benches): every test service anonymises
   * what it stores, as production does (issue #31).
   */
  public static final Path PRIVACY_MODELS = privacyModels();

  private static Path privacyModels() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("models").resolve("privacy");
      if (java.nio.file.Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("models/privacy not found above " + Path.of("")
        .toAbsolutePath());
  }

  private static final long POLL_INTERVAL_MS = 25;
  private static final int POLL_ATTEMPTS = 400;

  private TestService() {
  }

  /**
   * A configuration on port 0 with its data in {@code dataDir}; {@code dbUrl} null means the
   * embedded database in {@code dataDir/pg}. {@code overrides} are further ROADSCAN_* keys.
   */
  public static AppConfig config(Path dataDir, String dbUrl, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put(AppConfig.HTTP_PORT, "0");
    env.put(AppConfig.DATA_DIR, dataDir.toString());
    env.put(AppConfig.WORKERS, "2");
    env.put(AuthConfig.ADMIN_TOKEN, ADMIN_TOKEN);
    env.put(AppConfig.PRIVACY_MODELS, PRIVACY_MODELS.toString());
    if (dbUrl != null) {
      env.put(AppConfig.DB_URL, dbUrl);
    }
    env.putAll(overrides);
    return AppConfig.from(env, new Properties());
  }

  /** A client that sends the admin token with every request naming no token of its own. */
  public static WebClient client(Vertx vertx) {
    return client(vertx, ADMIN_TOKEN);
  }

  /** A client that sends {@code token} with every request naming no token of its own. */
  public static WebClient client(Vertx vertx, String token) {
    return authorized(WebClient.create(vertx), token);
  }

  /** {@link #client(Vertx)} with client and pool options (benches). */
  public static WebClient client(Vertx vertx, WebClientOptions options, PoolOptions pool) {
    return authorized(WebClient.create(vertx, options, pool), ADMIN_TOKEN);
  }

  private static WebClient authorized(WebClient created, String token) {
    WebClientInternal client = (WebClientInternal) created;
    String authorization = bearer(token);
    client.addInterceptor(ctx -> {
      if (ctx.phase() == ClientPhase.PREPARE_REQUEST
          && !ctx.request().headers().contains(HttpHeaders.AUTHORIZATION)) {
        ctx.request().putHeader(HttpHeaders.AUTHORIZATION.toString(), authorization);
      }
      ctx.next();
    });
    return client;
  }

  /**
   * Creates a token over HTTP ({@code POST /v1/tokens}, as admin with {@code admin}) and returns
   * its secret.
   */
  public static Future<String> token(WebClient admin, int port, String role, String name) {
    return admin.post(port, "localhost", "/v1/tokens")
        .sendJsonObject(new JsonObject().put("role", role).put("name", name))
        .compose(response -> response.statusCode() == 201
            ? Future.succeededFuture(response.bodyAsJsonObject().getString("token"))
            : Future.failedFuture(new AssertionError("POST /v1/tokens: " + response.statusCode()
                + " " + response.bodyAsString())));
  }

  /** {@code Bearer <token>}. */
  public static String bearer(String token) {
    return "Bearer " + token;
  }

  /** POSTs one file part to /v1/captures. */
  public static Future<HttpResponse<Buffer>> upload(WebClient client, int port, String partName,
      String fileName, byte[] bytes) {
    return client.post(port, "localhost", "/v1/captures").sendMultipartForm(MultipartForm.create()
        .binaryFileUpload(partName, fileName, Buffer.buffer(bytes), "image/jpeg"));
  }

  public static Future<HttpResponse<Buffer>> get(WebClient client, int port, String path) {
    return client.get(port, "localhost", path).send();
  }

  /** GETs the job until it is done or failed (bounded: about 10 s), returning its JSON. */
  public static Future<JsonObject> finishedJob(Vertx vertx, WebClient client, int port,
      String jobUrl) {
    return poll(vertx, client, port, jobUrl, POLL_ATTEMPTS);
  }

  private static Future<JsonObject> poll(Vertx vertx, WebClient client, int port, String jobUrl,
      int attemptsLeft) {
    return get(client, port, jobUrl).compose(response -> {
      JsonObject job = response.bodyAsJsonObject();
      String state = job.getString("state");
      if ("done".equals(state) || "failed".equals(state)) {
        return Future.succeededFuture(job);
      }
      if (attemptsLeft <= 1) {
        return Future.failedFuture(new AssertionError("job still " + state + ": " + job));
      }
      return vertx.timer(POLL_INTERVAL_MS)
          .compose(fired -> poll(vertx, client, port, jobUrl, attemptsLeft - 1));
    });
  }
}
