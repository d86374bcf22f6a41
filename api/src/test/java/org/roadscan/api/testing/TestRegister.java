package org.roadscan.api.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.detector.Observation;

/**
 * Starts the real service on port 0 with a {@link ScriptedCaptureAnalyzer} and fills its register
 * over HTTP: all photos in one upload request, waiting until every job is done.
 */
public final class TestRegister {

  /** A photo taken at {@code takenAt} whose analysis holds {@code observation}. */
  public record Photo(Instant takenAt, Observation observation) {
  }

  private TestRegister() {
  }

  /** The running service's port and its done jobs (JSON as {@code GET /v1/jobs/{id}}). */
  public record Started(int port, List<JsonObject> jobs) {
  }

  /** Deploys the service on {@code dbUrl} and uploads {@code photos}; completes with the port. */
  public static Future<Integer> start(Vertx vertx, WebClient client, Path dataDir, String dbUrl,
      List<Photo> photos) {
    ScriptedCaptureAnalyzer analyzer = new ScriptedCaptureAnalyzer();
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i < photos.size(); i++) {
      byte[] jpeg = TestImages.jpeg(300 + i);
      analyzer.script(jpeg, TestCaptures.analysis(photos.get(i).takenAt(),
          photos.get(i).observation()));
      form.binaryFileUpload("image", "photo-" + i + ".jpg", Buffer.buffer(jpeg), "image/jpeg");
    }
    return start(vertx, client, dataDir, dbUrl, analyzer, form).map(Started::port);
  }

  /**
   * Deploys the service on {@code dbUrl} with {@code analyzer}, posts {@code form} as one upload
   * and waits until every job is done (fails if one is not).
   */
  public static Future<Started> start(Vertx vertx, WebClient client, Path dataDir, String dbUrl,
      ScriptedCaptureAnalyzer analyzer, MultipartForm form) {
    AppConfig config = TestService.config(dataDir, dbUrl, Map.of());
    RoadScanVerticle verticle = new RoadScanVerticle(config, c -> analyzer, TestCaptures.ACCEPT_ALL);
    int[] port = new int[1];
    return vertx.deployVerticle(verticle)
        .compose(id -> {
          port[0] = verticle.actualPort();
          return client.post(port[0], "localhost", "/v1/captures").sendMultipartForm(form);
        })
        .compose(accepted -> {
          JsonArray jobs = accepted.bodyAsJsonObject().getJsonArray("jobs");
          List<Future<JsonObject>> finished = new ArrayList<>();
          for (int i = 0; i < jobs.size(); i++) {
            finished.add(TestService.finishedJob(vertx, client, port[0],
                jobs.getJsonObject(i).getString("url")));
          }
          return Future.all(finished);
        })
        .map(all -> {
          List<JsonObject> done = new ArrayList<>();
          for (int i = 0; i < all.size(); i++) {
            JsonObject job = all.resultAt(i);
            if (!"done".equals(job.getString("state"))) {
              throw new AssertionError("job not done: " + job);
            }
            done.add(job);
          }
          return new Started(port[0], done);
        });
  }
}
