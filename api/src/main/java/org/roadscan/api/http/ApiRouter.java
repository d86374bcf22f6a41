package org.roadscan.api.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import org.roadscan.api.capture.CaptureUploadHandler;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.gis.PgDamageSearch;
import org.roadscan.api.gis.ogc.OgcCollectionHandler;
import org.roadscan.api.gis.ogc.OgcCollectionsHandler;
import org.roadscan.api.gis.ogc.OgcConformanceHandler;
import org.roadscan.api.gis.ogc.OgcItemHandler;
import org.roadscan.api.gis.ogc.OgcItemsHandler;
import org.roadscan.api.gis.ogc.OgcLandingHandler;
import org.roadscan.api.gis.ogc.OgcServiceDocHandler;
import org.roadscan.api.gis.open311.Open311RequestHandler;
import org.roadscan.api.gis.open311.Open311RequestsHandler;
import org.roadscan.api.gis.open311.Open311ServicesHandler;
import org.roadscan.api.jobs.JobHandler;
import org.roadscan.api.jobs.ModelState;
import org.roadscan.api.jobs.PgJobQueue;
import org.roadscan.api.register.DamageEventsHandler;
import org.roadscan.api.register.DamageHandler;
import org.roadscan.api.register.DamageStatusHandler;
import org.roadscan.api.register.PgDamages;
import org.roadscan.api.register.PgObservations;
import org.roadscan.api.repairs.PgRepairList;
import org.roadscan.api.repairs.RepairDownloadHandler;
import org.roadscan.api.repairs.RepairListHandler;
import org.roadscan.api.survey.PgSurveys;
import org.roadscan.api.survey.SurveyCreateHandler;
import org.roadscan.api.survey.SurveyEventsHandler;
import org.roadscan.api.survey.SurveyHandler;
import org.roadscan.api.survey.SurveyListHandler;
import org.roadscan.api.survey.SurveyMediaHandler;

/** Builds the HTTP routes; every failure, unknown route and wrong method ends in one handler. */
public final class ApiRouter {

  /** What the routes need. */
  public record Services(Pool pool, ModelState model, PgJobQueue queue,
      PgObservations observations, PgRepairList repairs, PgDamageSearch search,
      CaptureUploadHandler.Services upload, SurveyMediaHandler.Services surveyMedia) {
  }

  /** Largest body of a damage PATCH: a status, a name and a comment of 2000 characters. */
  private static final long PATCH_BODY_LIMIT_BYTES = 16 * 1024;

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, AppConfig config, Services services) {
    Router router = Router.router(vertx);
    ProblemHandler problems = new ProblemHandler(config.maxRequestBytes());

    router.get("/health").handler(new HealthHandler(services.pool(), services.model()));
    // Its own route ahead of the upload route: Vert.x Web allows no user handler before a BodyHandler.
    router.post("/v1/captures").handler(new ContentLengthLimitHandler(config.maxRequestBytes()));
    router.post("/v1/captures")
        .handler(BodyHandler.create()
            .setBodyLimit(config.maxRequestBytes())
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(true)
            .setMergeFormAttributes(false))
        .handler(new CaptureUploadHandler(services.upload(), config.maxImageBytes()));
    router.get("/v1/jobs/:id").handler(new JobHandler(services.queue(), services.observations()));
    router.get("/v1/repairs").handler(new RepairListHandler(services.repairs()));
    router.get("/v1/repairs.csv").handler(new RepairDownloadHandler(services.repairs(),
        RepairDownloadHandler.Format.CSV));
    router.get("/v1/repairs.geojson").handler(new RepairDownloadHandler(services.repairs(),
        RepairDownloadHandler.Format.GEOJSON));
    router.get("/v1/damages.geojson").handler(RepairDownloadHandler.wholeRegister(
        services.repairs()));
    PgDamages damages = new PgDamages(services.pool());
    router.get("/v1/damages/:id").handler(new DamageHandler(damages));
    router.get("/v1/damages/:id/events").handler(new DamageEventsHandler(damages));
    // Its own route ahead of the body handler (see above): a 413 then quotes this route's limit.
    router.patch("/v1/damages/:id").handler(ctx -> {
      ctx.put(ProblemHandler.BODY_LIMIT_KEY, PATCH_BODY_LIMIT_BYTES);
      ctx.next();
    });
    router.patch("/v1/damages/:id")
        .handler(BodyHandler.create()
            .setBodyLimit(PATCH_BODY_LIMIT_BYTES)
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(false))
        .handler(new DamageStatusHandler(damages));
    surveys(vertx, router, config, services);
    ogc(router, services.search());
    open311(router, services.search());

    router.route().failureHandler(problems);
    router.errorHandler(404, problems);
    router.errorHandler(405, problems);
    router.errorHandler(500, problems);
    return router;
  }

  /**
   * Survey ingest. The media route has no body handler: its parts stream to disk as they arrive
   * ({@link SurveyMediaHandler}), with limits per part instead of one for the request.
   */
  private static void surveys(Vertx vertx, Router router, AppConfig config, Services services) {
    PgSurveys surveys = services.surveyMedia().surveys();
    router.post("/v1/surveys").handler(ctx -> {
      ctx.put(ProblemHandler.BODY_LIMIT_KEY, SurveyCreateHandler.BODY_LIMIT_BYTES);
      ctx.next();
    });
    router.post("/v1/surveys")
        .handler(BodyHandler.create()
            .setBodyLimit(SurveyCreateHandler.BODY_LIMIT_BYTES)
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(false))
        .handler(new SurveyCreateHandler(surveys));
    router.get("/v1/surveys").handler(new SurveyListHandler(surveys));
    router.get("/v1/surveys/:id").handler(new SurveyHandler(surveys));
    router.post("/v1/surveys/:id/media")
        .handler(new SurveyMediaHandler(services.surveyMedia(), config));
    router.get("/v1/surveys/:id/events")
        .handler(new SurveyEventsHandler(vertx, services.pool(), surveys));
  }

  /** OGC API – Features (Part 1 Core, GeoJSON) for QGIS and GDAL. */
  private static void ogc(Router router, PgDamageSearch search) {
    router.get("/ogc").handler(new OgcLandingHandler());
    router.get("/ogc/api").handler(new OgcServiceDocHandler());
    router.get("/ogc/conformance").handler(new OgcConformanceHandler());
    router.get("/ogc/collections").handler(new OgcCollectionsHandler(search));
    router.get("/ogc/collections/damages").handler(new OgcCollectionHandler(search));
    router.get("/ogc/collections/damages/items").handler(new OgcItemsHandler(search));
    router.get("/ogc/collections/damages/items/:id").handler(new OgcItemHandler(search));
  }

  /** Open311 GeoReport v2, read side, for the city's defect-report systems. */
  private static void open311(Router router, PgDamageSearch search) {
    router.get("/open311/v2/services.json").handler(new Open311ServicesHandler());
    router.get("/open311/v2/requests.json").handler(new Open311RequestsHandler(search));
    router.get("/open311/v2/requests/:file").handler(new Open311RequestHandler(search));
  }
}
