package org.roadscan.api.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import org.roadscan.api.capture.CaptureUploadHandler;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.docs.ApiPage;
import org.roadscan.api.docs.ApiPageHandler;
import org.roadscan.api.docs.OpenApiDocument;
import org.roadscan.api.docs.OpenApiHandler;
import org.roadscan.api.feed.FeedFrameHandler;
import org.roadscan.api.feed.FeedPipeline;
import org.roadscan.api.feed.FeedSocketHandler;
import org.roadscan.api.feed.IncidentCotHandler;
import org.roadscan.api.feed.IncidentGeoJsonHandler;
import org.roadscan.api.feed.IncidentEventsHandler;
import org.roadscan.api.feed.IncidentFrameHandler;
import org.roadscan.api.feed.IncidentHandler;
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
import org.roadscan.api.page.PageRoutes;
import org.roadscan.api.register.DamageEventsHandler;
import org.roadscan.api.register.DamageHandler;
import org.roadscan.api.register.DamageStatusHandler;
import org.roadscan.api.register.ObservationImageHandler;
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
      CaptureUploadHandler.Services upload, SurveyMediaHandler.Services surveyMedia,
      FeedPipeline feed, ObservationImageHandler.Services observationImages) {
  }

  /** What a feed frame request may carry besides its image: the pose and incident parts. */
  private static final long FEED_PARTS_BYTES = 64 * 1024;

  /** Largest body of a damage PATCH: a status, a name and a comment of 2000 characters. */
  private static final long PATCH_BODY_LIMIT_BYTES = 16 * 1024;

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, AppConfig config, Services services) {
    Router router = Router.router(vertx);
    ProblemHandler problems = new ProblemHandler(config.maxRequestBytes(), config.http());
    router.route().handler(problems::watchDecoder);

    router.get("/health").handler(new HealthHandler(services.pool(), services.model()));
    // Its own route ahead of the upload route: Vert.x Web allows no user handler before a BodyHandler.
    UploadSlots uploads = new UploadSlots(config.http().maxUploads());
    StalledBody stalled = new StalledBody(config.http());
    router.post("/v1/captures").handler(uploads).handler(stalled);
    router.post("/v1/surveys/:id/media").handler(uploads).handler(stalled);
    router.post("/v1/feed/frames").handler(stalled);
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
    router.get("/v1/observations/:id/image")
        .handler(new ObservationImageHandler(services.observationImages()));
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
    feed(vertx, router, config, services.feed());
    ogc(router, services.search());
    open311(router, services.search());
    docs(router);
    // The page (issue #29): only /, /app/* and /vendor/leaflet/*, so unknown /v1/... paths still
    // end in the problem 404 below.
    PageRoutes.mount(router);

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

  /** The fire brigade's live lane (issue #28) and the incidents it feeds. */
  private static void feed(Vertx vertx, Router router, AppConfig config, FeedPipeline feed) {
    long limit = config.maxImageBytes() + FEED_PARTS_BYTES;
    router.post("/v1/feed/frames").handler(ctx -> {
      ctx.put(ProblemHandler.BODY_LIMIT_KEY, limit);
      ctx.next();
    });
    router.post("/v1/feed/frames").handler(new ContentLengthLimitHandler(limit));
    router.post("/v1/feed/frames")
        .handler(BodyHandler.create()
            .setBodyLimit(limit)
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(true)
            .setMergeFormAttributes(false))
        .handler(new FeedFrameHandler(feed, config.maxImageBytes()));
    router.get("/v1/feed/ws").handler(new FeedSocketHandler(feed));
    router.get("/v1/incidents/:id").handler(new IncidentHandler(feed.incidents()));
    router.get("/v1/incidents/:id/frames/:frameId")
        .handler(new IncidentFrameHandler(feed.incidents()));
    router.get("/v1/incidents/:id/events")
        .handler(new IncidentEventsHandler(vertx, feed.incidents()));
    router.get("/v1/incidents/:id/cot").handler(new IncidentCotHandler(feed.incidents()));
    router.get("/v1/incidents/:id/geojson")
        .handler(new IncidentGeoJsonHandler(feed.incidents()));
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

  /** The API's description: OpenAPI 3.1 and the same as a readable page. */
  private static void docs(Router router) {
    OpenApiDocument document = OpenApiDocument.load();
    router.get("/openapi.json").handler(new OpenApiHandler(document));
    router.get("/api").handler(new ApiPageHandler(new ApiPage(document)));
  }

  /** Open311 GeoReport v2, read side, for the city's defect-report systems. */
  private static void open311(Router router, PgDamageSearch search) {
    router.get("/open311/v2/services.json").handler(new Open311ServicesHandler());
    router.get("/open311/v2/requests.json").handler(new Open311RequestsHandler(search));
    router.get("/open311/v2/requests/:file").handler(new Open311RequestHandler(search));
  }
}
