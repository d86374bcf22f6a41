package org.roadscan.api.jobs;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.roadscan.api.auth.Principal;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.register.PgObservations;
import org.roadscan.api.register.StoredObservation;

/**
 * {@code GET /v1/jobs/{id}}: the job's state, the survey profile and track heading it was queued
 * with, and once done how its capture was placed ({@code georeference}: projection, basis, and the
 * detections that could not be placed with the reason) and the observations registered from its
 * image. An unknown or malformed id is 404; so is, for a crew, a job another crew uploaded (or
 * whose survey another crew created).
 */
public final class JobHandler implements Handler<RoutingContext> {

  private final PgJobQueue queue;
  private final PgObservations observations;

  public JobHandler(PgJobQueue queue, PgObservations observations) {
    this.queue = queue;
    this.observations = observations;
  }

  /** The job's URL, relative to the server root. */
  public static String url(UUID id) {
    return "/v1/jobs/" + id;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String idText = ctx.pathParam("id");
    UUID id;
    try {
      id = UUID.fromString(idText);
    } catch (IllegalArgumentException e) {
      ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no job " + idText, "id"));
      return;
    }
    Principal principal = Principal.of(ctx);
    Future<Boolean> visible = principal.seesOnlyOwn()
        ? queue.owner(id).map(owner -> owner.isPresent() && principal.sees(owner.get()))
        : Future.succeededFuture(true);
    visible
        .compose(sees -> sees ? queue.find(id) : Future.succeededFuture(Optional.<Job>empty()))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(
                new ProblemException(ProblemType.NOT_FOUND, "no job " + idText, "id"));
          }
          Job job = found.get();
          if (job.captureId() == null) {
            return Future.succeededFuture(json(job, List.of(), null));
          }
          return observations.ofCapture(job.captureId()).compose(list -> observations
              .georeferenceOf(job.captureId()).map(georeference -> json(job, list, georeference)));
        })
        .onSuccess(json -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.encode()))
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Job job, List<StoredObservation> observations,
      JsonObject georeference) {
    JsonArray items = new JsonArray();
    for (StoredObservation o : observations) {
      items.add(new JsonObject()
          .put("id", o.id())
          .put("class", o.className())
          .put("confidence", o.confidence())
          .put("box", new JsonObject().put("x0", o.box().x0()).put("y0", o.box().y0())
              .put("x1", o.box().x1()).put("y1", o.box().y1()))
          .put("position", new JsonObject().put("lon", o.lonDeg()).put("lat", o.latDeg()))
          .put("footprint", o.footprint())
          .put("areaM2", o.areaM2())
          .put("lengthM", o.lengthM())
          .put("uncertaintyM", o.uncertaintyM())
          .put("projection", o.projection())
          .put("damageId", o.damageId()));
    }
    return new JsonObject()
        .put("id", job.id().toString())
        .put("state", job.state().value())
        .put("fileName", job.fileName())
        .put("attempts", job.attempts())
        .put("createdAt", job.createdAt().toString())
        .put("updatedAt", job.updatedAt().toString())
        .put("error", job.state() == JobState.FAILED ? job.error() : null)
        .put("captureId", job.captureId())
        .put("profile", job.context().getJsonObject("profile"))
        .put("trackHeadingDeg", job.context().getDouble("trackHeadingDeg"))
        .put("privacy", job.privacy())
        .put("georeference", georeference)
        .put("observations", items);
  }
}
