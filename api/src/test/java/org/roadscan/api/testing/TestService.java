package org.roadscan.api.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.roadscan.api.config.AppConfig;

/**
 * Configuration and HTTP steps for tests that run the whole service on port 0. Everything returns
 * futures; polling waits with Vert.x timers, never by sleeping a thread.
 */
public final class TestService {

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
    if (dbUrl != null) {
      env.put(AppConfig.DB_URL, dbUrl);
    }
    env.putAll(overrides);
    return AppConfig.from(env, new Properties());
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
