package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.roadscan.api.jobs.ModelState;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /health} and {@code GET /health/ready} (the Kubernetes readiness probe): 200 {@code
 * {"status":"UP","model":…,"database":"UP"}} once the model is loaded (or this instance runs no
 * workers) and the database answers {@code SELECT 1} within 2 s; otherwise a 503 problem ({@code
 * unavailable}, or {@code database-unavailable} when only the database is down) with {@code
 * Retry-After}, carrying the same {@code model} and {@code database} members. While the instance
 * shuts down ({@link Draining}) both answer 503 {@code unavailable} with {@code "draining": true},
 * without asking the database. With a loaded model the body also says what it reports: its
 * {@code classes}, each class's reporting {@code thresholds}, {@code selfCheck} ({@code PASSED}
 * when the engine reproduced the model's exported reference output at start, {@code ABSENT} when
 * the model ships none) and the number of inference {@code workers}.
 */
public final class HealthHandler implements Handler<RoutingContext> {

  private static final long DATABASE_TIMEOUT_MS = 2000;

  private final Pool pool;
  private final ModelState model;
  private final Draining draining;

  public HealthHandler(Pool pool, ModelState model, Draining draining) {
    this.pool = pool;
    this.model = model;
    this.draining = draining;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (draining.active()) {
      ctx.fail(new ProblemException(Problem.of(ProblemType.UNAVAILABLE,
          "the service is shutting down; running jobs are finishing", null)
          .with("model", model.status().name()).with("draining", true)));
      return;
    }
    pool.query("SELECT 1").execute()
        .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(rows -> "UP")
        .otherwise("DOWN")
        .onSuccess(database -> respond(ctx, database));
  }

  private void respond(RoutingContext ctx, String database) {
    ModelState.Status status = model.status();
    boolean modelUp = status == ModelState.Status.READY
        || status == ModelState.Status.NOT_LOADED;
    if (!modelUp || !"UP".equals(database)) {
      String detail = !modelUp ? "model " + model.name() + " is " + status.name().toLowerCase()
          + (model.error() == null ? "" : ": " + model.error()) : "database is not answering";
      ProblemType type = modelUp ? ProblemType.DATABASE_UNAVAILABLE : ProblemType.UNAVAILABLE;
      ctx.fail(new ProblemException(Problem.of(type, detail, null)
          .with("model", status.name()).with("database", database)));
      return;
    }
    JsonObject body = new JsonObject()
        .put("status", "UP")
        .put("model", model.name())
        .put("modelStatus", status.name());
    model.info().ifPresent(info -> {
      JsonObject thresholds = new JsonObject();
      info.thresholds().forEach(thresholds::put);
      body.put("classes", info.classNames())
          .put("thresholds", thresholds)
          .put("selfCheck", info.selfChecked() ? "PASSED" : "ABSENT")
          .put("workers", info.workers());
    });
    body.put("database", database);
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }
}
