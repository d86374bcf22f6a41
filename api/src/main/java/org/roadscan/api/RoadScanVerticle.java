package org.roadscan.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.roadscan.api.auth.Access;
import org.roadscan.api.auth.AccessRoutes;
import org.roadscan.api.auth.Authenticator;
import org.roadscan.api.auth.PgTokens;
import org.roadscan.api.auth.TokenBootstrap;
import org.roadscan.api.auth.oidc.OidcKeys;
import org.roadscan.api.auth.oidc.OidcVerifier;
import org.roadscan.api.capture.CaptureUploadHandler;
import org.roadscan.api.capture.CaptureValidator;
import org.roadscan.api.capture.DetectorAnonymiser;
import org.roadscan.api.capture.DirectoryImageBlobs;
import org.roadscan.api.capture.ImageBlobs;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.capture.S3ImageBlobs;
import org.roadscan.api.retention.CropStore;
import org.roadscan.api.retention.ImageRetention;
import org.roadscan.api.retention.PgRetention;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.ImageStoreConfig;
import org.roadscan.api.db.EmbeddedPostgresServer;
import org.roadscan.api.docs.ApiRoute;
import org.roadscan.api.docs.RouteTable;
import org.roadscan.api.db.PgDutyLock;
import org.roadscan.api.db.PgMigrations;
import org.roadscan.api.db.PgSessions;
import org.roadscan.api.feed.FeedLane;
import org.roadscan.api.feed.FeedPipeline;
import org.roadscan.api.feed.FeedRegistrar;
import org.roadscan.api.feed.IncidentLog;
import org.roadscan.api.feed.PgIncidentEvents;
import org.roadscan.api.gis.PgDamageSearch;
import org.roadscan.api.http.ApiRouter;
import org.roadscan.api.http.ConnectionGuard;
import org.roadscan.api.http.Draining;
import org.roadscan.api.http.ProblemHandler;
import org.roadscan.api.http.ServerLimits;
import org.roadscan.api.http.TrustedProxies;
import org.roadscan.api.jobs.AnalyzerLoader;
import org.roadscan.api.jobs.ClaimerId;
import org.roadscan.api.jobs.JobLease;
import org.roadscan.api.jobs.JobWorkers;
import org.roadscan.api.jobs.ModelState;
import org.roadscan.api.jobs.PgJobNotifications;
import org.roadscan.api.jobs.PgJobQueue;
import org.roadscan.api.metrics.PgMetricsPoller;
import org.roadscan.api.metrics.ServiceMetrics;
import org.roadscan.api.priority.PriorityPolicyLoader;
import org.roadscan.api.priority.PriorityRescorer;
import org.roadscan.api.register.PgDamageRegister;
import org.roadscan.api.register.ObservationImageHandler;
import org.roadscan.api.register.PgObservations;
import org.roadscan.api.register.RegisterBatcher;
import org.roadscan.api.repairs.PgRepairList;
import org.roadscan.api.survey.MediaExpansion;
import org.roadscan.api.survey.MediaStore;
import org.roadscan.api.survey.PgSurveyMedia;
import org.roadscan.api.survey.PgSurveys;
import org.roadscan.api.survey.SurveyMediaHandler;
import org.roadscan.api.survey.DetectorVideoFrames;
import org.roadscan.api.survey.VideoFrames;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.PrivacyModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RoadScan service: HTTP API, durable job queue with inference workers, and the register.
 *
 * <p>Start: data directories → database (embedded PostgreSQL when no URL is configured) → pool →
 * migrations → tokens (the first admin token when there is none, {@link TokenBootstrap}) → requeue
 * jobs and videos whose lease expired (left running or expanding by a replica that was killed,
 * this one's previous run included; those other replicas are running keep their live lease; with
 * the embedded database, which no other process can use, every running job and expanding video)
 * → router → listen → load the
 * model on the inference executor → start the workers and, for them, {@code LISTEN} for jobs
 * queued by any replica ({@link PgJobNotifications}). The server listens before the model is loaded, so
 * {@code /health} answers 503 meanwhile and uploads are already queued; start completes once the
 * model is loaded, and fails (releasing what it started) if loading fails.
 *
 * <p>Stop (SIGTERM reaches it through {@code Main}'s shutdown hook): draining ({@code /health} and
 * {@code /health/ready} answer 503, so Kubernetes and load balancers send no new work) → video
 * expansion, {@code LISTEN} and workers (a running expansion and running analyses finish,
 * bounded; videos and jobs not finished in time are released to the queue; the server still
 * answers meanwhile) →
 * server shutdown (in-flight requests finish) → analyzer close → pool close → embedded PostgreSQL
 * stop → executors close.
 *
 * <p>Deploy one instance per process: the embedded database and the analyzer belong to it.
 */
public final class RoadScanVerticle extends VerticleBase {

  public static final String INFERENCE_EXECUTOR = "roadscan-inference";
  public static final String IO_EXECUTOR = "roadscan-io";
  /** The fire brigade lane's own inference threads (issue #28), apart from the survey's. */
  public static final String FEED_EXECUTOR = "roadscan-feed";
  /**
   * Decodes and encodes the pictures of observations for the web page (issue #29), apart from the
   * I/O executor, so a page of thumbnails never delays uploads or the feed's registration.
   */
  public static final String IMAGE_EXECUTOR = "roadscan-images";

  private static final Logger LOG = LoggerFactory.getLogger(RoadScanVerticle.class);
  private static final int IO_THREADS = 4;
  /** A 20 MP frame decodes in about 0.3 s and 60 MB: two at a time bound both. */
  private static final int IMAGE_THREADS = 2;
  private static final long SHUTDOWN_TIMEOUT_MS = 10_000;
  private static final long WORKER_STOP_TIMEOUT_MS = 30_000;
  /** Inference of a large drone frame on CPU can take minutes; warn only past this. */
  private static final long MAX_INFERENCE_MINUTES = 10;

  private final AppConfig config;
  private final AnalyzerLoader analyzerLoader;
  private final CaptureValidator validator;
  private final ModelState model;
  private final Draining draining = new Draining();
  private final VideoFrames videoFrames;

  private WorkerExecutor ioExecutor;
  private WorkerExecutor inferenceExecutor;
  private WorkerExecutor feedExecutor;
  private WorkerExecutor imageExecutor;
  /** Written on the event loop, read by blurring threads ({@link #feedBusy}). */
  private volatile FeedLane feedLane;
  /**
   * Blurs every image the store writes (uploads, survey images, video frames) and every feed
   * frame in the lane: one for all, thread-safe, with a network pair per concurrent caller.
   */
  private DetectorAnonymiser anonymiser;
  private CaptureAnalyzer feedAnalyzer;
  private FeedRegistrar feedRegistrar;
  private IncidentLog incidentLog;
  private EmbeddedPostgresServer embeddedPostgres;
  private Pool pool;
  /** The database the pool connects to; the LISTEN connection uses it too. */
  private PgConnectOptions connectOptions;
  /** This process in {@code jobs.claimed_by}. */
  private ClaimerId claimer;
  private PgJobNotifications notifications;
  private HttpServer server;
  private ConnectionGuard guard;
  private volatile List<ApiRoute> routes = List.of();
  private volatile Map<ApiRoute, Access> routeAccess = Map.of();
  private HttpClient oidcClient;
  private OidcVerifier oidc;
  private CaptureAnalyzer analyzer;
  private JobWorkers workers;
  private MediaExpansion mediaExpansion;
  private PriorityPolicyLoader.Loaded priority;
  private long rescoreTimer = -1;
  private ImageRetention retention;
  private long retentionTimer = -1;
  /** Where images live; set on roadscan-io during start (building an S3 client reads files). */
  private ImageBlobs imageBlobs;
  private ImageStore images;
  /** Made at each start: its gauges read the poller of that start. */
  private ServiceMetrics metrics;
  private PgMetricsPoller metricsPoller;

  /**
   * @param config validated configuration
   * @param analyzerLoader loads the model once, on a worker thread, after the server listens
   * @param validator cheap synchronous check of each upload (e.g. GPS present)
   */
  public RoadScanVerticle(AppConfig config, AnalyzerLoader analyzerLoader,
      CaptureValidator validator) {
    this(config, analyzerLoader, validator, new DetectorVideoFrames());
  }

  /**
   * @param videoFrames expands survey videos into frames ({@link DetectorVideoFrames} in
   *     production; tests may pass a fake)
   */
  public RoadScanVerticle(AppConfig config, AnalyzerLoader analyzerLoader,
      CaptureValidator validator, VideoFrames videoFrames) {
    this.config = config;
    this.analyzerLoader = analyzerLoader;
    // every path that accepts an image (captures, survey images and ZIP entries, feed frames,
    // video frames) goes through this validator: the pixel check is made once, here
    this.validator = validator.limitedTo(config.pixelLimit());
    this.videoFrames = videoFrames;
    this.model = new ModelState(config.modelDir().getFileName().toString());
  }

  /** The port the server listens on (useful with port 0); -1 before it listens. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> start() {
    metrics = new ServiceMetrics();
    ioExecutor = vertx.createSharedWorkerExecutor(IO_EXECUTOR, IO_THREADS);
    inferenceExecutor = vertx.createSharedWorkerExecutor(INFERENCE_EXECUTOR,
        Math.max(1, config.workers()), MAX_INFERENCE_MINUTES, TimeUnit.MINUTES);
    feedExecutor = vertx.createSharedWorkerExecutor(FEED_EXECUTOR,
        Math.max(1, config.feed().workers()), MAX_INFERENCE_MINUTES, TimeUnit.MINUTES);
    imageExecutor = vertx.createSharedWorkerExecutor(IMAGE_EXECUTOR, IMAGE_THREADS);
    return ioExecutor.executeBlocking(() -> {
          DetectorAnonymiser loaded = loadAnonymiser();
          imageBlobs = imageBlobs(config.images());
          // fails fast, naming the key at fault, when the bucket cannot be reached
          imageBlobs.check();
          LOG.info("images in {}", imageBlobs);
          // every image anonymised before put; while the fire brigade lane is active, survey
          // images and uploads blur one thread and few at a time, leaving it its cores (#14)
          images = new ImageStore(imageBlobs, loaded.yieldingTo(this::feedBusy,
              Runtime.getRuntime().availableProcessors() - config.feed().workers()));
          Files.createDirectories(config.uploadDir());
          Files.createDirectories(config.mediaDir());
          claimer = ClaimerId.ofThisProcess(); // may look the host name up: blocking
          return PgMigrations.fromClasspath();
        }, false)
        .compose(migrations -> connect().compose(p -> migrations.apply(pool)))
        .compose(applied -> TokenBootstrap.run(new PgTokens(pool), config, ioExecutor))
        .compose(tokens -> ioExecutor.executeBlocking(() -> PriorityPolicyLoader.load(config),
            false))
        .compose(loaded -> {
          priority = loaded;
          return Future.succeededFuture();
        })
        // the embedded database is this process's alone: whatever runs was left by a previous run
        .compose(applied -> config.embeddedDatabase() ? new PgJobQueue(pool).requeueAllRunning()
            : new PgJobQueue(pool).requeueExpired())
        .compose(requeued -> {
          if (requeued > 0) {
            LOG.info("requeued {} job(s) left running by {}", requeued, abandonedBy());
          }
          PgSurveyMedia media = new PgSurveyMedia(pool);
          return config.embeddedDatabase() ? media.requeueAllExpanding() : media.requeueExpired();
        })
        .compose(requeued -> {
          if (requeued > 0) {
            LOG.info("requeued {} video(s) left expanding by {}", requeued, abandonedBy());
          }
          return listen(images);
        })
        .compose(listening -> loadModel())
        .compose(loaded -> loadFeed())
        .onSuccess(loaded -> {
          startWorkers(images);
          startRescoring();
          startRetention(images);
        })
        .recover(err -> {
          LOG.error("start failed", err);
          return stop().transform(stopped -> Future.failedFuture(err));
        });
  }

  /** The blob side of the image store that {@code images.store} names. */
  private ImageBlobs imageBlobs(ImageStoreConfig images) {
    return switch (images.kind()) {
      case DIRECTORY -> new DirectoryImageBlobs(config.imageDir());
      case S3 -> S3ImageBlobs.of(images.s3());
    };
  }

  /** Whether the fire brigade lane is active (false before it exists and without one). */
  private boolean feedBusy() {
    FeedLane lane = feedLane;
    return lane != null && lane.busy();
  }

  /**
   * Loads the anonymiser (issue #31) before anything can be stored: a missing or altered privacy
   * model stops the start with a {@link PrivacyModelException} naming the file and {@code
   * ROADSCAN_PRIVACY_MODELS}; the service never runs without it. Blocking.
   */
  private DetectorAnonymiser loadAnonymiser() {
    try {
      anonymiser = DetectorAnonymiser.load(config.privacyModelDir(), config.pixelLimit());
    } catch (PrivacyModelException e) {
      throw new PrivacyModelException(e.getMessage() + "; set " + AppConfig.PRIVACY_MODELS
          + " to the directory of the privacy models (models/privacy in the distribution). The"
          + " service does not run without anonymising images (issue #31)", e);
    }
    LOG.info("anonymiser ready: {}, models in {}", Anonymizer.detectorVersion(),
        config.privacyModelDir());
    return anonymiser;
  }

  private Future<Pool> connect() {
    Future<PgConnectOptions> options = config.embeddedDatabase()
        ? ioExecutor.executeBlocking(() -> {
          embeddedPostgres = EmbeddedPostgresServer.start(config.embeddedDatabaseDir(),
              config.dbDurable());
          return embeddedPostgres.connectOptions();
        }, false)
        : Future.succeededFuture(PgConnectOptions.fromUri(config.dbUrl()));
    return options.map(connectOptions -> {
      this.connectOptions = PgSessions.configure(connectOptions);
      pool = PgBuilder.pool()
          .with(PgSessions.poolOptions(Math.max(4, config.workers() + 2)))
          .with(PgSessions.netOptions())
          .connectingTo(this.connectOptions)
          .using(vertx)
          .build();
      return pool;
    });
  }

  private Future<HttpServer> listen(ImageStore images) {
    PgJobQueue queue = new PgJobQueue(pool);
    PgSurveys surveys = new PgSurveys(pool);
    IncidentLog incidents = new IncidentLog(new PgIncidentEvents(pool));
    incidentLog = incidents;
    feedLane = new FeedLane(feedExecutor, anonymiser,
        Math.max(1, config.feed().workers()),
        config.feed().queuePerStream(), dropped -> {
          if (dropped.incident() != null) {
            incidents.append(dropped.incident(), "frame-dropped", new JsonObject()
                .put("receivedAt", dropped.receivedAt().toString()));
          }
        });
    feedRegistrar = new FeedRegistrar(ioExecutor, images,
        new RegisterBatcher(pool, new PgDamageRegister(priority.policy())));
    FeedPipeline feed = new FeedPipeline(new FeedPipeline.Services(ioExecutor, validator,
        feedLane, incidents, feedRegistrar, priority.policy().roads(), metrics));
    PgObservations observations = new PgObservations(pool);
    ApiRouter.Services services = new ApiRouter.Services(pool, model, queue,
        observations, new PgRepairList(pool), new PgDamageSearch(pool),
        new CaptureUploadHandler.Services(ioExecutor, images, validator, queue,
            vertx.eventBus()),
        new SurveyMediaHandler.Services(vertx, surveys, SurveyMediaHandler.intakeServices(config,
            ioExecutor, images, validator, surveys, vertx.eventBus())), feed,
        new ObservationImageHandler.Services(observations, images,
            new CropStore(config.cropDir()), imageExecutor),
        new Authenticator(new PgTokens(pool), oidc()), new PgTokens(pool), draining, metrics);
    metricsPoller = new PgMetricsPoller(vertx, pool, metrics);
    metricsPoller.start();
    Router router = router(services);
    guard = new ConnectionGuard(vertx, config.http());
    guard.start();
    TrustedProxies proxies = config.http().trustedProxies();
    // the event ids continue from the table's before the first frame is taken
    return incidents.seed().compose(seeded -> vertx.createHttpServer(ServerLimits.options(config))
        .connectionHandler(guard::connected)
        .invalidRequestHandler(ProblemHandler::invalidRequest)
        .requestHandler(request -> {
          if (guard.admit(request)) {
            proxies.stripUntrusted(request);
            router.handle(request);
          }
        })
        .listen())
        .map(listening -> {
          server = listening; // set before the chain goes on (see loadModel)
          LOG.info("listening on port {}", listening.actualPort());
          return listening;
        });
  }

  private Router router(ApiRouter.Services services) {
    Router router = ApiRouter.create(vertx, config, services);
    routes = RouteTable.of(router);
    routeAccess = AccessRoutes.of(router);
    return router;
  }

  /**
   * The OIDC verifier when {@code ROADSCAN_OIDC_ISSUER} is set, else null; its keys are fetched
   * in the background now (a failure is logged and retried with the first token).
   */
  private OidcVerifier oidc() {
    if (config.auth().oidc() == null) {
      return null;
    }
    oidcClient = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(PgSessions.CONNECT_TIMEOUT_MS));
    oidc = new OidcVerifier(new OidcKeys(oidcClient, config.auth().oidc()),
        config.auth().oidc());
    oidc.prefetch();
    LOG.info("OpenID Connect tokens of {} accepted (audience {}, roles in {})",
        config.auth().oidc().issuerText(), config.auth().oidc().audience(),
        config.auth().oidc().rolesClaim());
    return oidc;
  }

  /**
   * Who may call each route once started (empty before): for the test that proves every route
   * refuses callers without a token or with another role.
   */
  public Map<ApiRoute, Access> routeAccess() {
    return routeAccess;
  }

  /**
   * The routes this service answers once started (empty before): for the test that proves
   * {@code /openapi.json} describes every route, and for the role table of each route.
   */
  public List<ApiRoute> routes() {
    return routes;
  }

  private Future<Void> loadModel() {
    if (config.workers() == 0) {
      LOG.info("{}=0: accepting uploads only; no model loaded, no jobs analysed here",
          AppConfig.WORKERS);
      model.notLoaded();
      return Future.succeededFuture();
    }
    LOG.info("loading model from {}", config.modelDir());
    // map, not onSuccess: the field must be set before the returned future completes. A listener
    // added with onSuccess before the blocking call finishes can run after one added later, so
    // the workers started next in the chain could see no analyzer (seen as a flaky test).
    return inferenceExecutor.executeBlocking(() -> analyzerLoader.load(config), false)
        .<Void>map(loaded -> {
          analyzer = loaded;
          model.ready(loaded);
          LOG.info("model {} loaded, classes {}", model.name(), loaded.classNames());
          return null;
        })
        .onFailure(model::failed);
  }

  /**
   * Loads the feed lane's analyzer on its own executor (its own predictors: a frame never waits
   * for a survey's), or shares the survey analyzer when the loader has none (test fakes).
   */
  private Future<Void> loadFeed() {
    if (config.feed().workers() == 0) {
      LOG.info("{}=0: the fire brigade feed is off (503)", AppConfig.FEED_WORKERS);
      return Future.succeededFuture();
    }
    return feedExecutor.executeBlocking(() -> analyzerLoader.loadFeed(config), false)
        .<Void>map(loaded -> {
          feedAnalyzer = loaded;
          CaptureAnalyzer using = loaded != null ? loaded : analyzer;
          if (using != null) {
            feedLane.ready(using);
            LOG.info("feed lane ready: {} worker(s), {} frame(s) queued per stream, {}",
                config.feed().workers(), config.feed().queuePerStream(),
                loaded != null ? "own predictors" : "sharing the survey analyzer");
          }
          return null;
        });
  }

  /** Who left running jobs and expanding videos behind, as a start finds them. */
  private String abandonedBy() {
    return config.embeddedDatabase() ? "a previous run" : "a stopped replica (their lease expired)";
  }

  private void startWorkers(ImageStore images) {
    if (config.workers() == 0) {
      return;
    }
    // one claimer and lease for this process's jobs and videos, renewed on the same cadence
    JobLease lease = new JobLease(claimer, config.jobLeaseMs());
    workers = new JobWorkers(vertx, new JobWorkers.Services(pool, new PgJobQueue(pool),
        new PgDamageRegister(priority.policy()), images, analyzer, inferenceExecutor, metrics),
        config.workers(), config.inferenceBudgetMs(), lease);
    LOG.info("claiming jobs and videos as {} (lease {} s, renewed every {} s)", claimer,
        config.jobLeaseMs() / 1000.0, config.jobLeaseMs() / 3000.0);
    if (config.feed().workers() > 0) {
      // while the feed is active, survey slots leave it the cores it reserves (issue #28)
      workers.yieldTo(feedLane::busy, Runtime.getRuntime().availableProcessors()
          - config.feed().workers());
    }
    workers.start();
    notifications = new PgJobNotifications(vertx, connectOptions, workers::wake);
    notifications.start();
    // Expansion decodes on an inference thread: it is CPU work like the analysis it feeds.
    mediaExpansion = new MediaExpansion(vertx, new MediaExpansion.Services(
        new PgSurveyMedia(pool), new MediaStore(config.mediaDir()), images, validator,
        videoFrames, inferenceExecutor), lease);
    mediaExpansion.start();
  }

  /**
   * Deletes images and survey media past the retention period (issue #31): once right after
   * start (finishing deletions a crash interrupted), then every interval. Its decoding and file
   * work runs on {@code roadscan-images}, one thread at a time, so uploads never wait for it. A run
   * is skipped while another replica runs retention ({@link PgDutyLock}).
   */
  private void startRetention(ImageStore images) {
    if (!config.retention().enabled()) {
      LOG.info("image retention off ({}=0): images are kept forever",
          AppConfig.IMAGE_RETENTION_DAYS);
      return;
    }
    retention = new ImageRetention(new ImageRetention.Services(new PgRetention(pool), images,
        new CropStore(config.cropDir()), new MediaStore(config.mediaDir()), config.dataDir(),
        imageExecutor, config.retention().imageDays()));
    ImageRetention run = retention;
    PgDutyLock duties = new PgDutyLock(pool);
    retentionTimer = vertx.setPeriodic(0,
        TimeUnit.MINUTES.toMillis(config.retention().intervalMinutes()),
        id -> duties.runAlone(PgDutyLock.Duty.RETENTION, () -> run.run(Instant.now()))
            .onSuccess(report -> {
              if (report.isEmpty()) {
                LOG.debug("retention: another replica is running it; skipped this run");
              }
            })
            .onFailure(err -> LOG.warn("retention run failed; the next run resumes it", err)));
  }

  /**
   * Rescores the register when the policy changed, and daily for the age part; in background, in
   * one replica at a time ({@link PgDutyLock}).
   */
  private void startRescoring() {
    PriorityRescorer rescorer = new PriorityRescorer(pool, ioExecutor, priority.policy(),
        priority.fingerprint());
    PgDutyLock duties = new PgDutyLock(pool);
    duties.runAlone(PgDutyLock.Duty.RESCORING, rescorer::rescoreIfPolicyChanged)
        .onFailure(err -> LOG.warn("rescoring the register failed; scores stay as they were", err));
    rescoreTimer = vertx.setPeriodic(TimeUnit.HOURS.toMillis(24),
        id -> duties.runAlone(PgDutyLock.Duty.RESCORING, rescorer::rescoreAll)
            .onFailure(err -> LOG.warn("daily rescoring failed", err)));
  }

  @Override
  public Future<?> stop() {
    draining.begin();
    if (rescoreTimer >= 0) {
      vertx.cancelTimer(rescoreTimer);
      rescoreTimer = -1;
    }
    if (retentionTimer >= 0) {
      vertx.cancelTimer(retentionTimer);
      retentionTimer = -1;
    }
    if (retention != null) {
      retention.stop();
      retention = null;
    }
    if (metricsPoller != null) {
      metricsPoller.stop();
      metricsPoller = null;
    }
    // Jobs first, while the server still answers: a probe sees 503 (draining) rather than a
    // refused connection, and uploads arriving meanwhile are queued for the other replicas.
    Future<Void> jobsDone = (mediaExpansion == null ? Future.<Void>succeededFuture()
        : mediaExpansion.stop(WORKER_STOP_TIMEOUT_MS))
        .eventually(() -> notifications == null ? Future.succeededFuture()
            : notifications.stop())
        .eventually(() -> workers == null ? Future.succeededFuture()
            : workers.stop(WORKER_STOP_TIMEOUT_MS));
    return jobsDone
        .eventually(() -> {
          if (guard != null) {
            guard.stop();
          }
          return server == null ? Future.succeededFuture()
              : server.shutdown(SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        })
        .eventually(() -> feedRegistrar == null ? Future.succeededFuture()
            : feedRegistrar.drain(WORKER_STOP_TIMEOUT_MS))
        .eventually(() -> incidentLog == null ? Future.succeededFuture()
            : incidentLog.drain(WORKER_STOP_TIMEOUT_MS))
        .eventually(() -> analyzer == null ? Future.succeededFuture()
            : ioExecutor.executeBlocking(() -> {
              analyzer.close();
              return null;
            }, false))
        .eventually(() -> feedAnalyzer == null || feedAnalyzer == analyzer
            ? Future.succeededFuture()
            : ioExecutor.executeBlocking(() -> {
              feedAnalyzer.close();
              return null;
            }, false))
        .eventually(() -> anonymiser == null ? Future.succeededFuture()
            : ioExecutor.executeBlocking(() -> {
              anonymiser.close();
              return null;
            }, false))
        .eventually(() -> oidcClient == null ? Future.succeededFuture() : oidcClient.close())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close())
        .eventually(() -> embeddedPostgres == null ? Future.succeededFuture()
            : ioExecutor.executeBlocking(() -> {
              embeddedPostgres.close();
              return null;
            }, false))
        .eventually(() -> !(imageBlobs instanceof AutoCloseable closeable)
            ? Future.succeededFuture()
            : ioExecutor.executeBlocking(() -> {
              closeable.close();
              return null;
            }, false))
        .eventually(() -> inferenceExecutor == null ? Future.succeededFuture()
            : inferenceExecutor.close())
        .eventually(() -> feedExecutor == null ? Future.succeededFuture() : feedExecutor.close())
        .eventually(() -> imageExecutor == null ? Future.succeededFuture()
            : imageExecutor.close())
        .eventually(() -> ioExecutor == null ? Future.succeededFuture() : ioExecutor.close())
        .onComplete(done -> {
          server = null;
          workers = null;
          notifications = null;
          mediaExpansion = null;
          analyzer = null;
          feedAnalyzer = null;
          feedExecutor = null;
          imageExecutor = null;
          feedRegistrar = null;
          anonymiser = null;
          pool = null;
          oidcClient = null;
          oidc = null;
          embeddedPostgres = null;
          inferenceExecutor = null;
          ioExecutor = null;
          imageBlobs = null;
          images = null;
        });
  }
}
