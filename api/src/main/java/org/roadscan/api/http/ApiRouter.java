package org.roadscan.api.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import org.roadscan.api.auth.Access;
import org.roadscan.api.auth.AccessRoutes;
import org.roadscan.api.auth.Authenticator;
import org.roadscan.api.auth.MeHandler;
import org.roadscan.api.auth.PgTokens;
import org.roadscan.api.auth.TokenCreateHandler;
import org.roadscan.api.auth.TokenListHandler;
import org.roadscan.api.auth.Role;
import org.roadscan.api.auth.TokenRevokeHandler;
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
import org.roadscan.api.metrics.MetricsHandler;
import org.roadscan.api.metrics.RequestMetricsHandler;
import org.roadscan.api.metrics.ServiceMetrics;
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

/**
 * Builds the HTTP routes; every failure, unknown route and wrong method ends in one handler.
 *
 * <p>Every route declares who may call it where it is registered ({@link AccessRoutes}; issue
 * #30), and building fails if one does not. Who may do what:
 *
 * <ul>
 *   <li>public: {@code /health}, {@code /health/live}, {@code /health/ready}, {@code
 *       /openapi.json}, {@code /api} (and the page's files);
 *   <li>crew, roaddept: uploads ({@code POST /v1/captures}, surveys and their media), jobs and
 *       surveys — a crew sees only its own ({@link org.roadscan.api.auth.Principal#sees});
 *   <li>viewer, roaddept: the register (repair list also as GeoJSON, damages, their events and
 *       pictures, the register as GeoJSON, OGC API, Open311; the last three public with {@code
 *       ROADSCAN_PUBLIC_READ=true});
 *   <li>roaddept: status changes and the repair list's CSV export;
 *   <li>firebrigade: the feed and its incidents;
 *   <li>admin: tokens, {@code /metrics} (public with {@code ROADSCAN_METRICS_PUBLIC=true}), and
 *       everything above; any role: {@code GET /v1/me}.
 * </ul>
 */
public final class ApiRouter {

  /** What the routes need. */
  public record Services(Pool pool, ModelState model, PgJobQueue queue,
      PgObservations observations, PgRepairList repairs, PgDamageSearch search,
      CaptureUploadHandler.Services upload, SurveyMediaHandler.Services surveyMedia,
      FeedPipeline feed, ObservationImageHandler.Services observationImages,
      Authenticator authenticator, PgTokens tokens, Draining draining, ServiceMetrics metrics) {
  }

  /** What a feed frame request may carry besides its image: the pose and incident parts. */
  private static final long FEED_PARTS_BYTES = 64 * 1024;

  /** Largest body of a damage PATCH: a status and a comment of 2000 characters. */
  private static final long PATCH_BODY_LIMIT_BYTES = 16 * 1024;

  /** Uploads: the crews that survey and the road department. */
  private static final Access UPLOAD = Access.of(Role.CREW, Role.ROADDEPT);
  /** Surveys and jobs: their crew (own only) and the road department. */
  private static final Access SURVEYS = Access.of(Role.CREW, Role.ROADDEPT);
  /** The register: whoever reads it and the road department. */
  private static final Access REGISTER = Access.of(Role.VIEWER, Role.ROADDEPT);
  /** The register for GIS and city systems: public when ROADSCAN_PUBLIC_READ=true. */
  private static final Access REGISTER_PUBLIC_READ = Access.publicRead(Role.VIEWER,
      Role.ROADDEPT);
  /** Changing the register and exporting the repair list. */
  private static final Access ROADDEPT = Access.of(Role.ROADDEPT);
  private static final Access FIREBRIGADE = Access.of(Role.FIREBRIGADE);
  private static final Access ADMIN = Access.of();

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, AppConfig config, Services services) {
    Router router = Router.router(vertx);
    // first, so that every answer is counted, refusals included
    router.route().handler(new RequestMetricsHandler(services.metrics()));
    ProblemHandler problems = new ProblemHandler(config.maxRequestBytes(), config.http());
    router.route().handler(new SecurityHeadersHandler());
    router.route().handler(problems::watchDecoder);
    CorsHandler cors = SecurityHeadersHandler.cors(config.auth().corsOrigins());
    if (cors != null) {
      router.route().handler(cors);
    }
    AccessRoutes routes = new AccessRoutes(router, services.authenticator(),
        config.auth().publicRead());

    HealthHandler health = new HealthHandler(services.pool(), services.model(),
        services.draining());
    routes.get("/health", Access.PUBLIC).handler(health);
    // Kubernetes probes (issue #32): live never asks the database, ready is /health
    routes.get("/health/live", Access.PUBLIC).handler(new LiveHandler());
    routes.get("/health/ready", Access.PUBLIC).handler(health);
    // Its own route ahead of the upload route: Vert.x Web allows no user handler before a BodyHandler.
    // Who calls comes first (each route's AccessHandler, mounted by its first declaration), so
    // an anonymous client takes no upload slot; then the slot, then the stalled-body watch.
    UploadSlots uploads = new UploadSlots(config.http().maxUploads());
    StalledBody stalled = new StalledBody(config.http());
    routes.post("/v1/captures", UPLOAD).handler(uploads).handler(stalled);
    routes.post("/v1/surveys/:id/media", UPLOAD).handler(uploads).handler(stalled);
    routes.post("/v1/feed/frames", FIREBRIGADE).handler(stalled);
    routes.post("/v1/captures", UPLOAD)
        .handler(new ContentLengthLimitHandler(config.maxRequestBytes()));
    routes.post("/v1/captures", UPLOAD)
        .handler(BodyHandler.create()
            .setBodyLimit(config.maxRequestBytes())
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(true)
            .setMergeFormAttributes(false))
        .handler(new CaptureUploadHandler(services.upload(), config.maxImageBytes()));
    routes.get("/v1/jobs/:id", SURVEYS)
        .handler(new JobHandler(services.queue(), services.observations()));
    routes.get("/v1/repairs", REGISTER).handler(new RepairListHandler(services.repairs()));
    routes.get("/v1/repairs.csv", ROADDEPT).handler(new RepairDownloadHandler(services.repairs(),
        RepairDownloadHandler.Format.CSV));
    // GeoJSON is what the page's map and GIS read the register with: a read, not an export
    routes.get("/v1/repairs.geojson", REGISTER).handler(new RepairDownloadHandler(
        services.repairs(), RepairDownloadHandler.Format.GEOJSON));
    routes.get("/v1/damages.geojson", REGISTER_PUBLIC_READ).handler(
        RepairDownloadHandler.wholeRegister(services.repairs()));
    PgDamages damages = new PgDamages(services.pool());
    routes.get("/v1/damages/:id", REGISTER).handler(new DamageHandler(damages));
    routes.get("/v1/damages/:id/events", REGISTER).handler(new DamageEventsHandler(damages));
    routes.get("/v1/observations/:id/image", REGISTER)
        .handler(new ObservationImageHandler(services.observationImages()));
    // Its own route ahead of the body handler (see above): a 413 then quotes this route's limit.
    routes.patch("/v1/damages/:id", ROADDEPT).handler(ctx -> {
      ctx.put(ProblemHandler.BODY_LIMIT_KEY, PATCH_BODY_LIMIT_BYTES);
      ctx.next();
    });
    routes.patch("/v1/damages/:id", ROADDEPT)
        .handler(BodyHandler.create()
            .setBodyLimit(PATCH_BODY_LIMIT_BYTES)
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(false))
        .handler(new DamageStatusHandler(damages));
    surveys(vertx, routes, config, services);
    feed(vertx, routes, config, services.feed());
    ogc(routes, services.search());
    open311(routes, services.search());
    docs(routes);
    tokens(routes, config, services.tokens());
    // Prometheus (issue #32): admin, or public where only the cluster's monitoring reaches the port
    routes.get("/metrics", config.ops().metricsPublic() ? Access.PUBLIC : ADMIN)
        .handler(new MetricsHandler(services.metrics()));
    // The page (issue #29): only /, /app/* and /vendor/leaflet/*, so unknown /v1/... paths still
    // end in the problem 404 below. Public: it asks for a token itself.
    PageRoutes.mount(routes);

    router.route().failureHandler(problems);
    router.errorHandler(404, problems);
    router.errorHandler(405, problems);
    router.errorHandler(500, problems);
    routes.verify();
    return router;
  }

  /**
   * Survey ingest. The media route has no body handler: its parts stream to disk as they arrive
   * ({@link SurveyMediaHandler}), with limits per part instead of one for the request.
   */
  private static void surveys(Vertx vertx, AccessRoutes routes, AppConfig config,
      Services services) {
    PgSurveys surveys = services.surveyMedia().surveys();
    routes.post("/v1/surveys", UPLOAD).handler(ctx -> {
      ctx.put(ProblemHandler.BODY_LIMIT_KEY, SurveyCreateHandler.BODY_LIMIT_BYTES);
      ctx.next();
    });
    routes.post("/v1/surveys", UPLOAD)
        .handler(BodyHandler.create()
            .setBodyLimit(SurveyCreateHandler.BODY_LIMIT_BYTES)
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(false))
        .handler(new SurveyCreateHandler(surveys));
    routes.get("/v1/surveys", SURVEYS).handler(new SurveyListHandler(surveys));
    routes.get("/v1/surveys/:id", SURVEYS).handler(new SurveyHandler(surveys));
    routes.post("/v1/surveys/:id/media", UPLOAD)
        .handler(new SurveyMediaHandler(services.surveyMedia(), config));
    routes.get("/v1/surveys/:id/events", SURVEYS.withQueryToken())
        .handler(new SurveyEventsHandler(vertx, services.pool(), surveys));
  }

  /** The fire brigade's live lane (issue #28) and the incidents it feeds. */
  private static void feed(Vertx vertx, AccessRoutes routes, AppConfig config,
      FeedPipeline feed) {
    long limit = config.maxImageBytes() + FEED_PARTS_BYTES;
    routes.post("/v1/feed/frames", FIREBRIGADE).handler(ctx -> {
      ctx.put(ProblemHandler.BODY_LIMIT_KEY, limit);
      ctx.next();
    });
    routes.post("/v1/feed/frames", FIREBRIGADE).handler(new ContentLengthLimitHandler(limit));
    routes.post("/v1/feed/frames", FIREBRIGADE)
        .handler(BodyHandler.create()
            .setBodyLimit(limit)
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(true)
            .setMergeFormAttributes(false))
        .handler(new FeedFrameHandler(feed, config.maxImageBytes()));
    routes.get("/v1/feed/ws", FIREBRIGADE.withQueryToken())
        .handler(new FeedSocketHandler(feed));
    routes.get("/v1/incidents/:id", FIREBRIGADE).handler(new IncidentHandler(feed.incidents()));
    routes.get("/v1/incidents/:id/frames/:frameId", FIREBRIGADE)
        .handler(new IncidentFrameHandler(feed.incidents()));
    routes.get("/v1/incidents/:id/events", FIREBRIGADE.withQueryToken())
        .handler(new IncidentEventsHandler(vertx, feed.incidents()));
    routes.get("/v1/incidents/:id/cot", FIREBRIGADE)
        .handler(new IncidentCotHandler(feed.incidents()));
    routes.get("/v1/incidents/:id/geojson", FIREBRIGADE)
        .handler(new IncidentGeoJsonHandler(feed.incidents()));
  }

  /** OGC API – Features (Part 1 Core, GeoJSON) for QGIS and GDAL. */
  private static void ogc(AccessRoutes routes, PgDamageSearch search) {
    routes.get("/ogc", REGISTER_PUBLIC_READ).handler(new OgcLandingHandler());
    routes.get("/ogc/api", REGISTER_PUBLIC_READ).handler(new OgcServiceDocHandler());
    routes.get("/ogc/conformance", REGISTER_PUBLIC_READ).handler(new OgcConformanceHandler());
    routes.get("/ogc/collections", REGISTER_PUBLIC_READ)
        .handler(new OgcCollectionsHandler(search));
    routes.get("/ogc/collections/damages", REGISTER_PUBLIC_READ)
        .handler(new OgcCollectionHandler(search));
    routes.get("/ogc/collections/damages/items", REGISTER_PUBLIC_READ)
        .handler(new OgcItemsHandler(search));
    routes.get("/ogc/collections/damages/items/:id", REGISTER_PUBLIC_READ)
        .handler(new OgcItemHandler(search));
  }

  /** The API's description: OpenAPI 3.1 and the same as a readable page. */
  private static void docs(AccessRoutes routes) {
    OpenApiDocument document = OpenApiDocument.load();
    routes.get("/openapi.json", Access.PUBLIC).handler(new OpenApiHandler(document));
    routes.get("/api", Access.PUBLIC).handler(new ApiPageHandler(new ApiPage(document)));
  }

  /** Open311 GeoReport v2, read side, for the city's defect-report systems. */
  private static void open311(AccessRoutes routes, PgDamageSearch search) {
    routes.get("/open311/v2/services.json", REGISTER_PUBLIC_READ)
        .handler(new Open311ServicesHandler());
    routes.get("/open311/v2/requests.json", REGISTER_PUBLIC_READ)
        .handler(new Open311RequestsHandler(search));
    routes.get("/open311/v2/requests/:file", REGISTER_PUBLIC_READ)
        .handler(new Open311RequestHandler(search));
  }

  /** Who am I, and the tokens (issue #30). */
  private static void tokens(AccessRoutes routes, AppConfig config, PgTokens tokens) {
    routes.get("/v1/me", Access.anyRole()).handler(new MeHandler(routes::declared));
    routes.post("/v1/tokens", ADMIN).handler(ctx -> {
      ctx.put(ProblemHandler.BODY_LIMIT_KEY, TokenCreateHandler.BODY_LIMIT_BYTES);
      ctx.next();
    });
    routes.post("/v1/tokens", ADMIN)
        .handler(BodyHandler.create()
            .setBodyLimit(TokenCreateHandler.BODY_LIMIT_BYTES)
            .setUploadsDirectory(config.uploadDir().toString())
            .setDeleteUploadedFilesOnEnd(true)
            .setHandleFileUploads(false))
        .handler(new TokenCreateHandler(tokens));
    routes.get("/v1/tokens", ADMIN).handler(new TokenListHandler(tokens));
    routes.delete("/v1/tokens/:id", ADMIN).handler(new TokenRevokeHandler(tokens));
  }
}
