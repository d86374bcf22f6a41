package org.roadscan.api.config;

import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.roadscan.api.http.TrustedProxies;
import org.roadscan.api.priority.PriorityWeights;
import org.roadscan.detector.geo.PoseUncertainty;
import org.roadscan.detector.image.PixelLimit;

/**
 * The service configuration, read once at start and validated; immutable and thread-safe.
 *
 * <p>Every key is an environment variable ({@code ROADSCAN_HTTP_PORT}), may also be given as a
 * Java system property spelled lower-case with dots ({@code roadscan.http.port}), and may be
 * written in the YAML file named by {@code ROADSCAN_CONFIG} ({@code http.port}, {@link
 * ConfigFile}). Precedence: system property, then environment, then file, then the default; so a
 * Helm chart can mount the file and pass secrets as environment variables, and {@code java
 * -Droadscan.http.port=0 -jar ...} and tests can override both. {@code config-example.yaml} at the
 * project root documents each key and is itself a valid file.
 *
 * @param httpPort TCP port of the HTTP server; 0 picks a free port (tests)
 * @param dbUrl {@code postgresql://user:pass@host:port/db} of an external PostgreSQL, or null to
 *     run the embedded server with its files under {@code dataDir/pg}
 * @param dataDir root of the embedded database ({@code pg/}), the image store ({@code images/})
 *     and upload spooling ({@code uploads/})
 * @param modelDir directory of the detection model, handed to the analyzer loader
 * @param workers number of inference workers; 0 runs an accept-only instance that queues jobs
 *     for other replicas and loads no model
 * @param maxImageBytes largest accepted single image
 * @param maxRequestBytes largest accepted upload request (all parts together)
 * @param poseUncertainty default one-sigma errors of a camera pose for captures that state none:
 *     GNSS horizontal ({@code ROADSCAN_GPS_ACCURACY_M}, default 5 m), height above the road
 *     ({@code ROADSCAN_HEIGHT_ACCURACY_M}, 1 m) and angles ({@code ROADSCAN_ANGLE_ACCURACY_DEG},
 *     2°)
 * @param priorityWeights weights of the repair-priority parts ({@code ROADSCAN_PRIORITY_WEIGHTS},
 *     e.g. {@code severity=0.35,size=0.2,growth=0.1,road=0.2,sensitive=0.1,age=0.05})
 * @param roadLayer GeoJSON FeatureCollection of the road network with {@code highway} (or
 *     {@code class}) and optional {@code aadt} properties ({@code ROADSCAN_ROAD_LAYER}), or null
 * @param sensitiveLayer GeoJSON FeatureCollection of sensitive places (schools, hospitals, bike
 *     lanes; property {@code kind}) ({@code ROADSCAN_SENSITIVE_LAYER}), or null
 * @param dbDurable whether the embedded PostgreSQL runs with {@code fsync} and {@code
 *     synchronous_commit} on ({@code ROADSCAN_DB_DURABLE}, default true); false trades a power cut's
 *     safety for faster commits, for throwaway demos. No effect on an external database.
 * @param intake limits of survey media uploads ({@code POST /v1/surveys/{id}/media})
 * @param feed the fire brigade's live lane ({@code POST /v1/feed/frames}, {@code /v1/feed/ws})
 * @param pixelLimit the most pixels an image may declare ({@code ROADSCAN_MAX_MEGAPIXELS}, default
 *     100): checked from the frame header before anything decodes or stores it
 * @param inferenceBudgetMs the time one job's analysis may take ({@code
 *     ROADSCAN_INFERENCE_BUDGET_S}, default 120 s); a job over it is failed with {@code
 *     analysis-timeout}
 * @param jobLeaseMs how long a claimed job stays this process's without a heartbeat ({@code
 *     ROADSCAN_JOB_LEASE_S}, default 30 s, 3..3600; renewed every third of it): after a replica
 *     is killed, its running jobs and the video it was expanding wait this long before another
 *     replica takes them over
 * @param http limits of the HTTP server: parts, text parts, timeouts, connections, proxies
 * @param auth tokens, public read, CORS and OpenID Connect (issue #30)
 * @param retention how long images and survey media are kept (issue #31)
 * @param ops metrics access and log format (issue #32)
 * @param images where images are stored: {@code <dataDir>/images} or an S3-compatible bucket
 *     (issue #32, {@link ImageStoreConfig})
 * @param privacyModelDir directory of the face and number-plate models ({@code
 *     ROADSCAN_PRIVACY_MODELS}, default {@code models/privacy}, relative to the working directory
 *     like {@code ROADSCAN_MODEL_DIR}); every stored image is anonymised with them, and the
 *     service does not start when they are missing or altered (issue #31)
 */
public record AppConfig(int httpPort, String dbUrl, Path dataDir, Path modelDir, int workers,
    long maxImageBytes, long maxRequestBytes, PoseUncertainty poseUncertainty,
    PriorityWeights priorityWeights, Path roadLayer, Path sensitiveLayer, boolean dbDurable,
    IntakeLimits intake, FeedLimits feed, PixelLimit pixelLimit, long inferenceBudgetMs,
    long jobLeaseMs, HttpLimits http, AuthConfig auth, Retention retention, OpsConfig ops,
    ImageStoreConfig images, Path privacyModelDir) {

  /**
   * How long images and survey media are kept (issue #31, privacy).
   *
   * @param imageDays days after a capture was received (survey media: created) until its image
   *     (video, telemetry) file is deleted, the observations' excerpts kept ({@code
   *     ROADSCAN_IMAGE_RETENTION_DAYS}, default 180; 0 keeps them forever)
   * @param intervalMinutes minutes between retention runs, one also right after start ({@code
   *     ROADSCAN_RETENTION_INTERVAL_MIN}, default 60)
   */
  public record Retention(int imageDays, int intervalMinutes) {
    public static final Retention DEFAULTS = new Retention(180, 60);

    public Retention {
      if (imageDays < 0 || imageDays > 36_500) {
        throw new ConfigException(IMAGE_RETENTION_DAYS, "must be 0..36500 (0 keeps images"
            + " forever), was " + imageDays);
      }
      if (intervalMinutes < 1 || intervalMinutes > 10_080) {
        throw new ConfigException(RETENTION_INTERVAL_MIN, "must be 1..10080, was "
            + intervalMinutes);
      }
    }

    /** Whether images are ever deleted. */
    public boolean enabled() {
      return imageDays > 0;
    }
  }

  /**
   * What the HTTP server takes from a client before it refuses or closes (issue #30). Every limit
   * is refused with a 4xx problem naming it, or ends the connection when there is no request to
   * answer.
   *
   * @param maxParts parts of one multipart request, files and text together ({@code
   *     ROADSCAN_MAX_PARTS}, default 256): more → 400 {@code too-many-parts}
   * @param maxTextPartBytes largest text part, e.g. a survey {@code profile} or feed {@code pose}
   *     ({@code ROADSCAN_MAX_TEXT_PART_KB}, default 16): larger → 413 {@code text-part-too-large}
   * @param idleTimeoutS an answer that has begun (a download, an event stream) and does not move
   *     for this long is closed: a client that stopped reading ({@code ROADSCAN_IDLE_TIMEOUT_S},
   *     default 60; event streams send a heartbeat every 15 s). The time the service works on a
   *     received request before answering is not idleness ({@code ConnectionGuard})
   * @param headerTimeoutS a connection that has not sent a request's complete headers this long
   *     after it opened, or after its last answer, is closed ({@code ROADSCAN_HEADER_TIMEOUT_S},
   *     default 10)
   * @param bodyTimeoutS a request body that brings less than 1 KiB in this long is answered 408
   *     {@code request-timeout} and its connection closed ({@code ROADSCAN_BODY_TIMEOUT_S},
   *     default 30)
   * @param maxConnections open connections above which a new one is answered 503 {@code
   *     too-many-connections} and closed ({@code ROADSCAN_MAX_CONNECTIONS}, default 1000)
   * @param maxUploads upload requests (captures, survey media) received at once; one more is
   *     answered 429 {@code too-many-uploads} with {@code Retry-After} before its body is read
   *     ({@code ROADSCAN_MAX_UPLOADS}, default 16)
   * @param trustedProxies peers whose {@code X-Forwarded-*} and {@code Forwarded} headers are
   *     believed ({@code ROADSCAN_TRUSTED_PROXIES}, CIDR list, default none)
   */
  public record HttpLimits(int maxParts, int maxTextPartBytes, int idleTimeoutS,
      int headerTimeoutS, int bodyTimeoutS, int maxConnections, int maxUploads,
      TrustedProxies trustedProxies) {

    /** The defaults. */
    public static final HttpLimits DEFAULTS = new HttpLimits(256, 16 * 1024, 60, 10, 30, 1000, 16,
        TrustedProxies.NONE);

    public HttpLimits {
      if (maxParts < 1 || maxParts > 100_000) {
        throw new ConfigException(MAX_PARTS, "must be 1..100000, was " + maxParts);
      }
      if (maxTextPartBytes < 1024 || maxTextPartBytes > 16 * 1024 * 1024) {
        throw new ConfigException(MAX_TEXT_PART_KB, "must be 1..16384 KiB, was "
            + maxTextPartBytes / 1024);
      }
      if (idleTimeoutS < 1) {
        throw new ConfigException(IDLE_TIMEOUT_S, "must be >= 1 s, was " + idleTimeoutS);
      }
      if (headerTimeoutS < 1) {
        throw new ConfigException(HEADER_TIMEOUT_S, "must be >= 1 s, was " + headerTimeoutS);
      }
      if (bodyTimeoutS < 1) {
        throw new ConfigException(BODY_TIMEOUT_S, "must be >= 1 s, was " + bodyTimeoutS);
      }
      if (maxConnections < 1) {
        throw new ConfigException(MAX_CONNECTIONS, "must be >= 1, was " + maxConnections);
      }
      if (maxUploads < 1) {
        throw new ConfigException(MAX_UPLOADS, "must be >= 1, was " + maxUploads);
      }
      if (trustedProxies == null) {
        throw new ConfigException(TRUSTED_PROXIES, "is required (TrustedProxies.NONE for none)");
      }
    }
  }

  /**
   * The live feed's own capacity (issue #28), apart from the survey workers so that a survey never
   * queues ahead of a frame.
   *
   * @param workers predictors and threads reserved for feed frames ({@code ROADSCAN_FEED_WORKERS},
   *     default 1; 0 turns the feed off: it answers 503)
   * @param queuePerStream frames of one stream (an incident, or a connection without incident)
   *     that may wait for a worker ({@code ROADSCAN_FEED_QUEUE}, default 2); a further frame drops
   *     the stream's oldest waiting frame
   */
  public record FeedLimits(int workers, int queuePerStream) {
    public FeedLimits {
      if (workers < 0 || workers > 64) {
        throw new ConfigException(FEED_WORKERS, "must be 0..64, was " + workers);
      }
      if (queuePerStream < 1 || queuePerStream > 100) {
        throw new ConfigException(FEED_QUEUE, "must be 1..100, was " + queuePerStream);
      }
    }
  }

  /**
   * Limits of survey media uploads, each enforced while the bytes stream in.
   *
   * @param maxVideoBytes largest video part ({@code ROADSCAN_MAX_VIDEO_MB}, default 8192)
   * @param maxZipBytes largest ZIP part and largest total its entries may expand to ({@code
   *     ROADSCAN_MAX_ZIP_MB}, default 8192)
   * @param maxQueueDepth queued jobs at or above which new media are refused with 503 {@code
   *     queue-full} ({@code ROADSCAN_MAX_QUEUE_DEPTH}, default 20000)
   * @param minFreeDiskBytes free space in the data directory below which new media are refused
   *     the same way ({@code ROADSCAN_MIN_FREE_DISK_MB}, default 1024)
   */
  public record IntakeLimits(long maxVideoBytes, long maxZipBytes, int maxQueueDepth,
      long minFreeDiskBytes) {

    public IntakeLimits {
      if (maxVideoBytes <= 0) {
        throw new ConfigException(MAX_VIDEO_MB, "must be > 0");
      }
      if (maxZipBytes <= 0) {
        throw new ConfigException(MAX_ZIP_MB, "must be > 0");
      }
      if (maxQueueDepth < 1) {
        throw new ConfigException(MAX_QUEUE_DEPTH, "must be >= 1, was " + maxQueueDepth);
      }
      if (minFreeDiskBytes < 0) {
        throw new ConfigException(MIN_FREE_DISK_MB, "must be >= 0");
      }
    }
  }

  public static final String HTTP_PORT = "ROADSCAN_HTTP_PORT";
  public static final String DB_URL = "ROADSCAN_DB_URL";
  public static final String DATA_DIR = "ROADSCAN_DATA_DIR";
  public static final String MODEL_DIR = "ROADSCAN_MODEL_DIR";
  public static final String WORKERS = "ROADSCAN_WORKERS";
  public static final String MAX_IMAGE_MB = "ROADSCAN_MAX_IMAGE_MB";
  public static final String MAX_REQUEST_MB = "ROADSCAN_MAX_REQUEST_MB";
  public static final String GPS_ACCURACY_M = "ROADSCAN_GPS_ACCURACY_M";
  public static final String HEIGHT_ACCURACY_M = "ROADSCAN_HEIGHT_ACCURACY_M";
  public static final String ANGLE_ACCURACY_DEG = "ROADSCAN_ANGLE_ACCURACY_DEG";
  public static final String PRIORITY_WEIGHTS = "ROADSCAN_PRIORITY_WEIGHTS";
  public static final String ROAD_LAYER = "ROADSCAN_ROAD_LAYER";
  public static final String SENSITIVE_LAYER = "ROADSCAN_SENSITIVE_LAYER";
  public static final String DB_DURABLE = "ROADSCAN_DB_DURABLE";
  public static final String MAX_VIDEO_MB = "ROADSCAN_MAX_VIDEO_MB";
  public static final String MAX_ZIP_MB = "ROADSCAN_MAX_ZIP_MB";
  public static final String MAX_QUEUE_DEPTH = "ROADSCAN_MAX_QUEUE_DEPTH";
  public static final String MIN_FREE_DISK_MB = "ROADSCAN_MIN_FREE_DISK_MB";
  public static final String FEED_WORKERS = "ROADSCAN_FEED_WORKERS";
  public static final String FEED_QUEUE = "ROADSCAN_FEED_QUEUE";
  public static final String MAX_MEGAPIXELS = "ROADSCAN_MAX_MEGAPIXELS";
  public static final String INFERENCE_BUDGET_S = "ROADSCAN_INFERENCE_BUDGET_S";
  public static final String JOB_LEASE_S = "ROADSCAN_JOB_LEASE_S";
  public static final String MAX_PARTS = "ROADSCAN_MAX_PARTS";
  public static final String MAX_TEXT_PART_KB = "ROADSCAN_MAX_TEXT_PART_KB";
  public static final String IDLE_TIMEOUT_S = "ROADSCAN_IDLE_TIMEOUT_S";
  public static final String HEADER_TIMEOUT_S = "ROADSCAN_HEADER_TIMEOUT_S";
  public static final String BODY_TIMEOUT_S = "ROADSCAN_BODY_TIMEOUT_S";
  public static final String MAX_CONNECTIONS = "ROADSCAN_MAX_CONNECTIONS";
  public static final String MAX_UPLOADS = "ROADSCAN_MAX_UPLOADS";
  public static final String TRUSTED_PROXIES = "ROADSCAN_TRUSTED_PROXIES";
  public static final String IMAGE_RETENTION_DAYS = "ROADSCAN_IMAGE_RETENTION_DAYS";
  public static final String RETENTION_INTERVAL_MIN = "ROADSCAN_RETENTION_INTERVAL_MIN";
  public static final String PRIVACY_MODELS = "ROADSCAN_PRIVACY_MODELS";

  private static final long BYTES_PER_MB = 1024L * 1024L;

  public AppConfig {
    if (httpPort < 0 || httpPort > 65535) {
      throw new ConfigException(HTTP_PORT, "must be 0..65535, was " + httpPort);
    }
    if (dbUrl != null) {
      try {
        PgConnectOptions.fromUri(dbUrl);
      } catch (RuntimeException e) {
        throw new ConfigException(DB_URL,
            "expected postgresql://user:pass@host:port/db (" + e.getMessage() + ")");
      }
    }
    if (dataDir == null) {
      throw new ConfigException(DATA_DIR, "is required");
    }
    if (modelDir == null) {
      throw new ConfigException(MODEL_DIR, "is required");
    }
    if (workers < 0) {
      throw new ConfigException(WORKERS, "must be >= 0, was " + workers);
    }
    if (maxImageBytes <= 0) {
      throw new ConfigException(MAX_IMAGE_MB, "must be > 0");
    }
    if (maxRequestBytes < maxImageBytes) {
      throw new ConfigException(MAX_REQUEST_MB, "must be >= " + MAX_IMAGE_MB
          + " (a request must be able to carry one image of the largest accepted size)");
    }
    if (poseUncertainty == null) {
      throw new ConfigException(GPS_ACCURACY_M, "pose uncertainty is required");
    }
    if (intake == null) {
      throw new ConfigException(MAX_VIDEO_MB, "intake limits are required");
    }
    if (feed == null) {
      throw new ConfigException(FEED_WORKERS, "feed limits are required");
    }
    if (priorityWeights == null) {
      throw new ConfigException(PRIORITY_WEIGHTS, "is required");
    }
    if (pixelLimit == null) {
      throw new ConfigException(MAX_MEGAPIXELS, "is required");
    }
    if (inferenceBudgetMs < 1000) {
      throw new ConfigException(INFERENCE_BUDGET_S, "must be >= 1 s, was " + inferenceBudgetMs
          + " ms");
    }
    if (jobLeaseMs < 3000 || jobLeaseMs > 3_600_000) {
      throw new ConfigException(JOB_LEASE_S, "must be 3..3600 s, was " + jobLeaseMs / 1000.0
          + " s");
    }
    if (http == null) {
      throw new ConfigException(MAX_PARTS, "HTTP limits are required");
    }
    if (auth == null) {
      throw new ConfigException(AuthConfig.ADMIN_TOKEN, "auth settings are required");
    }
    if (retention == null) {
      throw new ConfigException(IMAGE_RETENTION_DAYS, "retention settings are required");
    }
    if (privacyModelDir == null) {
      throw new ConfigException(PRIVACY_MODELS, "is required");
    }
    if (ops == null) {
      throw new ConfigException(OpsConfig.LOG_FORMAT, "operations settings are required");
    }
    if (images == null) {
      throw new ConfigException(ImageStoreConfig.IMAGE_STORE, "image store settings are required");
    }
    if (roadLayer != null && !java.nio.file.Files.isReadable(roadLayer)) {
      throw new ConfigException(ROAD_LAYER, "cannot read " + roadLayer.toAbsolutePath());
    }
    if (sensitiveLayer != null && !java.nio.file.Files.isReadable(sensitiveLayer)) {
      throw new ConfigException(SENSITIVE_LAYER, "cannot read " + sensitiveLayer.toAbsolutePath());
    }
    dataDir = dataDir.toAbsolutePath().normalize();
    modelDir = modelDir.toAbsolutePath().normalize();
    privacyModelDir = privacyModelDir.toAbsolutePath().normalize();
  }

  /**
   * Reads the process environment and system properties, and the file named by {@code
   * ROADSCAN_CONFIG} when one is.
   */
  public static AppConfig fromEnvironment() {
    return from(System.getenv(), System.getProperties());
  }

  /**
   * Reads the keys from {@code env}, each overridden by the matching system property in
   * {@code properties}, then from the file named by {@code ROADSCAN_CONFIG} (property or env),
   * falling back to the documented defaults.
   *
   * @throws ConfigException naming the first key whose value is unusable; for a value from the
   *     file, the message also names the file key and its line
   */
  public static AppConfig from(Map<String, String> env, Properties properties) {
    Source bare = new Source(env, properties, ConfigFile.NONE);
    String file = bare.get(ConfigFile.CONFIG);
    Source source = file == null || file.isBlank() ? bare
        : new Source(env, properties, ConfigFile.read(Path.of(file.strip())));
    try {
      return from(source);
    } catch (ConfigException e) {
      String origin = source.fileOrigin(e.key());
      throw origin == null ? e : new ConfigException(e.key(), e.detail() + " (set by " + origin
          + ")");
    }
  }

  private static AppConfig from(Source source) {
    String dbUrl = source.get(DB_URL);
    return new AppConfig(
        source.integer(HTTP_PORT, 8080),
        dbUrl == null || dbUrl.isBlank() ? null : dbUrl.strip(),
        Path.of(source.getOrDefault(DATA_DIR, "./data")),
        Path.of(source.getOrDefault(MODEL_DIR, "models/roadscan-damage")),
        source.integer(WORKERS, Runtime.getRuntime().availableProcessors()),
        source.megabytes(MAX_IMAGE_MB, 50),
        source.megabytes(MAX_REQUEST_MB, 500),
        poseUncertainty(source),
        priorityWeights(source),
        source.path(ROAD_LAYER),
        source.path(SENSITIVE_LAYER),
        source.bool(DB_DURABLE, true),
        new IntakeLimits(source.megabytes(MAX_VIDEO_MB, 8192), source.megabytes(MAX_ZIP_MB, 8192),
            source.integer(MAX_QUEUE_DEPTH, 20_000), source.megabytesOrZero(MIN_FREE_DISK_MB, 1024)),
        new FeedLimits(source.integer(FEED_WORKERS, 1), source.integer(FEED_QUEUE, 2)),
        pixelLimit(source),
        source.integer(INFERENCE_BUDGET_S, 120) * 1000L,
        source.integer(JOB_LEASE_S, 30) * 1000L,
        httpLimits(source),
        auth(source),
        new Retention(source.integer(IMAGE_RETENTION_DAYS, Retention.DEFAULTS.imageDays()),
            source.integer(RETENTION_INTERVAL_MIN, Retention.DEFAULTS.intervalMinutes())),
        ops(source),
        images(source), Path.of(source.getOrDefault(PRIVACY_MODELS, "models/privacy")));
  }

  private static ImageStoreConfig images(Source source) {
    ImageStoreConfig.Kind kind = ImageStoreConfig.kind(source.get(ImageStoreConfig.IMAGE_STORE));
    if (kind == ImageStoreConfig.Kind.DIRECTORY) {
      return ImageStoreConfig.DIRECTORY;
    }
    String endpoint = source.get(ImageStoreConfig.S3_ENDPOINT);
    java.net.URI uri = null;
    if (endpoint != null && !endpoint.isBlank()) {
      try {
        uri = java.net.URI.create(endpoint.strip());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(ImageStoreConfig.S3_ENDPOINT, "not a URL: " + e.getMessage());
      }
    }
    return new ImageStoreConfig(kind, new ImageStoreConfig.S3(uri,
        source.get(ImageStoreConfig.S3_REGION), source.get(ImageStoreConfig.S3_BUCKET),
        source.get(ImageStoreConfig.S3_PREFIX),
        ImageStoreConfig.secret(source.get(ImageStoreConfig.S3_ACCESS_KEY),
            ImageStoreConfig.S3_ACCESS_KEY_FILE, source.get(ImageStoreConfig.S3_ACCESS_KEY_FILE)),
        ImageStoreConfig.secret(source.get(ImageStoreConfig.S3_SECRET_KEY),
            ImageStoreConfig.S3_SECRET_KEY_FILE,
            source.get(ImageStoreConfig.S3_SECRET_KEY_FILE))));
  }

  private static OpsConfig ops(Source source) {
    String format = source.get(OpsConfig.LOG_FORMAT);
    return new OpsConfig(source.bool(OpsConfig.METRICS_PUBLIC, false),
        format == null || format.isBlank() ? OpsConfig.LogFormat.TEXT
            : OpsConfig.LogFormat.parse(format),
        source.getOrDefault(OpsConfig.LOG_LEVEL, "info"), source.file().path());
  }

  private static PixelLimit pixelLimit(Source source) {
    double megapixels = source.decimal(MAX_MEGAPIXELS, PixelLimit.DEFAULT.maxMegapixels());
    if (!(megapixels > 0 && megapixels <= 4295)) {
      // 4295 MP: 65535 x 65535, the largest frame a JPEG header can declare
      throw new ConfigException(MAX_MEGAPIXELS, "must be in (0, 4295] megapixels, was "
          + megapixels);
    }
    return PixelLimit.ofMegapixels(megapixels);
  }

  private static HttpLimits httpLimits(Source source) {
    HttpLimits d = HttpLimits.DEFAULTS;
    int textKb = source.integer(MAX_TEXT_PART_KB, d.maxTextPartBytes() / 1024);
    if (textKb < 1 || textKb > 16 * 1024) {
      throw new ConfigException(MAX_TEXT_PART_KB, "must be 1..16384 KiB, was " + textKb);
    }
    TrustedProxies proxies;
    try {
      proxies = TrustedProxies.parse(source.get(TRUSTED_PROXIES));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(TRUSTED_PROXIES, e.getMessage()
          + " (expected comma-separated CIDR ranges, e.g. 10.0.0.0/8,::1/128)");
    }
    return new HttpLimits(source.integer(MAX_PARTS, d.maxParts()), textKb * 1024,
        source.integer(IDLE_TIMEOUT_S, d.idleTimeoutS()),
        source.integer(HEADER_TIMEOUT_S, d.headerTimeoutS()),
        source.integer(BODY_TIMEOUT_S, d.bodyTimeoutS()),
        source.integer(MAX_CONNECTIONS, d.maxConnections()),
        source.integer(MAX_UPLOADS, d.maxUploads()), proxies);
  }

  private static AuthConfig auth(Source source) {
    String adminToken = source.get(AuthConfig.ADMIN_TOKEN);
    String issuer = source.get(AuthConfig.OIDC_ISSUER);
    AuthConfig.Oidc oidc = null;
    if (issuer != null && !issuer.isBlank()) {
      java.net.URI uri;
      try {
        uri = java.net.URI.create(issuer.strip());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(AuthConfig.OIDC_ISSUER, "not a URL: " + e.getMessage());
      }
      oidc = new AuthConfig.Oidc(uri, source.get(AuthConfig.OIDC_AUDIENCE),
          source.getOrDefault(AuthConfig.OIDC_ROLES_CLAIM, AuthConfig.DEFAULT_ROLES_CLAIM),
          source.getOrDefault(AuthConfig.OIDC_ROLE_PREFIX, ""));
    }
    return new AuthConfig(adminToken == null || adminToken.isBlank() ? null : adminToken.strip(),
        source.bool(AuthConfig.PUBLIC_READ, false),
        AuthConfig.origins(source.get(AuthConfig.CORS_ORIGINS)), oidc);
  }

  private static PriorityWeights priorityWeights(Source source) {
    String text = source.get(PRIORITY_WEIGHTS);
    if (text == null || text.isBlank()) {
      return PriorityWeights.DEFAULTS;
    }
    try {
      return PriorityWeights.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(PRIORITY_WEIGHTS, e.getMessage());
    }
  }

  /** The same configuration with other default pose errors. */
  public AppConfig withPoseUncertainty(PoseUncertainty uncertainty) {
    return new AppConfig(httpPort, dbUrl, dataDir, modelDir, workers, maxImageBytes,
        maxRequestBytes, uncertainty, priorityWeights, roadLayer, sensitiveLayer, dbDurable, intake,
        feed, pixelLimit, inferenceBudgetMs, jobLeaseMs, http, auth, retention, ops, images,
        privacyModelDir);
  }

  private static PoseUncertainty poseUncertainty(Source source) {
    PoseUncertainty defaults = PoseUncertainty.DEFAULTS;
    double gpsM = source.decimal(GPS_ACCURACY_M, defaults.gpsHorizontalM());
    double heightM = source.decimal(HEIGHT_ACCURACY_M, defaults.heightM());
    double angleDeg = source.decimal(ANGLE_ACCURACY_DEG, defaults.angleDeg());
    if (!(gpsM > 0 && gpsM <= 100)) {
      throw new ConfigException(GPS_ACCURACY_M, "must be in (0, 100] metres, was " + gpsM);
    }
    if (!(heightM >= 0 && heightM <= 100)) {
      throw new ConfigException(HEIGHT_ACCURACY_M, "must be in [0, 100] metres, was " + heightM);
    }
    if (!(angleDeg >= 0 && angleDeg <= 20)) {
      throw new ConfigException(ANGLE_ACCURACY_DEG, "must be in [0, 20] degrees, was " + angleDeg);
    }
    return new PoseUncertainty(gpsM, heightM, angleDeg);
  }

  /** True when the service runs its own PostgreSQL under {@link #embeddedDatabaseDir()}. */
  public boolean embeddedDatabase() {
    return dbUrl == null;
  }

  public Path embeddedDatabaseDir() {
    return dataDir.resolve("pg");
  }

  /** The image directory of {@link ImageStoreConfig.Kind#DIRECTORY} (unused with S3). */
  public Path imageDir() {
    return dataDir.resolve("images");
  }

  public Path uploadDir() {
    return dataDir.resolve("uploads");
  }

  /**
   * Where the first start writes the admin token it creates when there is no token at all
   * (owner-only, 0600).
   */
  public Path adminTokenFile() {
    return dataDir.resolve("admin.token");
  }

  /** Excerpts of observations kept after their capture's image was deleted (retention). */
  public Path cropDir() {
    return dataDir.resolve("crops");
  }

  /** Videos, telemetry and tracks of surveys, content-addressed. */
  public Path mediaDir() {
    return dataDir.resolve("media");
  }

  /** Where each key's text comes from: system property, else environment, else the file. */
  private record Source(Map<String, String> env, Properties properties, ConfigFile file) {

    String get(String key) {
      String property = properties.getProperty(key.toLowerCase(Locale.ROOT).replace('_', '.'));
      if (property != null) {
        return property;
      }
      // a blank variable counts as unset (a chart's optional secret), so the file's value holds
      String value = env.get(key);
      return value != null && !value.isBlank() ? value : file.get(key);
    }

    /** Where the file set {@code key}, when the value in use is the file's; else null. */
    String fileOrigin(String key) {
      String value = env.get(key);
      boolean overridden = properties.getProperty(key.toLowerCase(Locale.ROOT).replace('_', '.'))
          != null || value != null && !value.isBlank();
      return overridden ? null : file.origin(key);
    }

    String getOrDefault(String key, String fallback) {
      String value = get(key);
      return value == null || value.isBlank() ? fallback : value.strip();
    }

    int integer(String key, int fallback) {
      String value = get(key);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        return Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "expected an integer, was '" + value + "'");
      }
    }

    boolean bool(String key, boolean fallback) {
      String value = get(key);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new ConfigException(key, "expected true or false, was '" + value + "'");
      };
    }

    Path path(String key) {
      String value = get(key);
      return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    double decimal(String key, double fallback) {
      String value = get(key);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        return Double.parseDouble(value.strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "expected a number, was '" + value + "'");
      }
    }

    /** Like {@link #megabytes} but 0 is allowed (a floor that is off). */
    long megabytesOrZero(String key, double fallbackMb) {
      String value = get(key);
      if (value != null && "0".equals(value.strip())) {
        return 0;
      }
      return megabytes(key, fallbackMb);
    }

    /** Megabytes (MiB) as a decimal number, so tests can set limits below one MB. */
    long megabytes(String key, double fallbackMb) {
      String value = get(key);
      double mb = fallbackMb;
      if (value != null && !value.isBlank()) {
        try {
          mb = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
          throw new ConfigException(key, "expected a number of megabytes, was '" + value + "'");
        }
      }
      if (!(mb > 0) || Double.isInfinite(mb)) {
        throw new ConfigException(key, "must be a positive number of megabytes, was " + mb);
      }
      return Math.max(1, Math.round(mb * BYTES_PER_MB));
    }
  }
}
