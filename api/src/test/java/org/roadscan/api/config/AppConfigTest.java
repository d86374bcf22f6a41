package org.roadscan.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.priority.PriorityWeights;
import org.roadscan.detector.geo.PoseUncertainty;

class AppConfigTest {

  @Test
  void defaultsApplyWhenNothingIsSet() {
    AppConfig config = AppConfig.from(Map.of(), new Properties());

    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.embeddedDatabase()).isTrue();
    assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(config.embeddedDatabaseDir()).isEqualTo(Path.of("data/pg").toAbsolutePath());
    assertThat(config.imageDir()).isEqualTo(Path.of("data/images").toAbsolutePath());
    assertThat(config.modelDir()).isEqualTo(Path.of("models/roadscan-damage").toAbsolutePath());
    assertThat(config.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.maxImageBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(config.maxRequestBytes()).isEqualTo(500L * 1024 * 1024);
    assertThat(config.poseUncertainty()).isEqualTo(PoseUncertainty.DEFAULTS);
    assertThat(config.priorityWeights()).isEqualTo(PriorityWeights.DEFAULTS);
    assertThat(config.roadLayer()).isNull();
    assertThat(config.sensitiveLayer()).isNull();
    assertThat(config.dbDurable()).isTrue();
    assertThat(config.intake()).isEqualTo(new AppConfig.IntakeLimits(8192L * 1024 * 1024,
        8192L * 1024 * 1024, 20_000, 1024L * 1024 * 1024));
    assertThat(config.mediaDir()).isEqualTo(Path.of("data/media").toAbsolutePath());
    assertThat(config.pixelLimit().maxPixels()).isEqualTo(100_000_000L);
    assertThat(config.inferenceBudgetMs()).isEqualTo(120_000L);
    assertThat(config.http()).isEqualTo(AppConfig.HttpLimits.DEFAULTS);
    assertThat(config.http().trustedProxies().ranges()).isEmpty();
  }

  @Test
  void hostileInputLimitsAreReadAndCheckedNamingTheKey() {
    AppConfig config = AppConfig.from(Map.of(AppConfig.MAX_MEGAPIXELS, "48.5",
        AppConfig.INFERENCE_BUDGET_S, "30", AppConfig.MAX_PARTS, "10",
        AppConfig.MAX_TEXT_PART_KB, "4", AppConfig.IDLE_TIMEOUT_S, "20",
        AppConfig.HEADER_TIMEOUT_S, "3", AppConfig.BODY_TIMEOUT_S, "7",
        AppConfig.MAX_CONNECTIONS, "50", AppConfig.MAX_UPLOADS, "4",
        AppConfig.TRUSTED_PROXIES, "10.0.0.0/8, ::1"), new Properties());

    assertThat(config.pixelLimit().maxPixels()).isEqualTo(48_500_000L);
    assertThat(config.inferenceBudgetMs()).isEqualTo(30_000L);
    assertThat(config.http().maxParts()).isEqualTo(10);
    assertThat(config.http().maxTextPartBytes()).isEqualTo(4096);
    assertThat(config.http().idleTimeoutS()).isEqualTo(20);
    assertThat(config.http().headerTimeoutS()).isEqualTo(3);
    assertThat(config.http().bodyTimeoutS()).isEqualTo(7);
    assertThat(config.http().maxConnections()).isEqualTo(50);
    assertThat(config.http().maxUploads()).isEqualTo(4);
    assertThat(config.http().trustedProxies().toString()).isEqualTo("[10.0.0.0/8, 0:0:0:0:0:0:0:1/128]");
    for (Map.Entry<String, String> bad : Map.of(AppConfig.MAX_MEGAPIXELS, "0",
        AppConfig.INFERENCE_BUDGET_S, "0", AppConfig.MAX_PARTS, "0",
        AppConfig.MAX_TEXT_PART_KB, "0", AppConfig.IDLE_TIMEOUT_S, "0",
        AppConfig.HEADER_TIMEOUT_S, "-1", AppConfig.BODY_TIMEOUT_S, "x",
        AppConfig.MAX_CONNECTIONS, "0", AppConfig.MAX_UPLOADS, "0",
        AppConfig.TRUSTED_PROXIES, "proxy.example.org").entrySet()) {
      assertThatThrownBy(() -> AppConfig.from(Map.of(bad.getKey(), bad.getValue()),
          new Properties())).as(bad.toString()).hasMessageStartingWith(bad.getKey() + ":");
    }
  }

  @Test
  void theJobLeaseIs30SecondsByDefaultAndCheckedNamingTheKey() {
    assertThat(AppConfig.from(Map.of(), new Properties()).jobLeaseMs()).isEqualTo(30_000L);
    assertThat(AppConfig.from(Map.of(AppConfig.JOB_LEASE_S, "3"), new Properties()).jobLeaseMs())
        .isEqualTo(3_000L);
    for (String bad : new String[] {"2", "3601", "0", "soon"}) {
      assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.JOB_LEASE_S, bad),
          new Properties())).as(bad).hasMessageStartingWith(AppConfig.JOB_LEASE_S + ":");
    }
  }

  @Test
  void authIsClosedByDefaultAndItsKeysAreCheckedNamingTheKey() {
    AuthConfig defaults = AppConfig.from(Map.of(), new Properties()).auth();
    assertThat(defaults).isEqualTo(AuthConfig.DEFAULTS);

    AuthConfig auth = AppConfig.from(Map.of(AuthConfig.ADMIN_TOKEN,
        "0123456789abcdef0123456789abcdef", AuthConfig.PUBLIC_READ, "true",
        AuthConfig.CORS_ORIGINS, "https://gis.example.de, http://localhost:5173",
        AuthConfig.OIDC_ISSUER, "https://sso.example.de/realms/stadt",
        AuthConfig.OIDC_AUDIENCE, "roadscan"), new Properties()).auth();
    assertThat(auth.adminToken()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(auth.publicRead()).isTrue();
    assertThat(auth.corsOrigins()).containsExactly("https://gis.example.de",
        "http://localhost:5173");
    assertThat(auth.oidc().issuerText()).isEqualTo("https://sso.example.de/realms/stadt");
    assertThat(auth.oidc().rolesClaim()).isEqualTo(AuthConfig.DEFAULT_ROLES_CLAIM);
    assertThat(auth.oidc().rolePrefix()).isEmpty();

    Map<String, Map<String, String>> refused = Map.of(
        AuthConfig.ADMIN_TOKEN, Map.of(AuthConfig.ADMIN_TOKEN, "short"),
        AuthConfig.CORS_ORIGINS, Map.of(AuthConfig.CORS_ORIGINS, "*"),
        AuthConfig.PUBLIC_READ, Map.of(AuthConfig.PUBLIC_READ, "yes"),
        AuthConfig.OIDC_AUDIENCE, Map.of(AuthConfig.OIDC_ISSUER, "https://sso.example.de/r/x"),
        AuthConfig.OIDC_ISSUER, Map.of(AuthConfig.OIDC_ISSUER, "http://sso.example.de/r/x",
            AuthConfig.OIDC_AUDIENCE, "roadscan"));
    refused.forEach((key, env) -> assertThatThrownBy(() -> AppConfig.from(env,
        new Properties())).as(key).isInstanceOf(ConfigException.class)
        .hasMessageContaining(key));
    assertThatThrownBy(() -> AppConfig.from(Map.of(AuthConfig.CORS_ORIGINS,
        "https://gis.example.de/path"), new Properties())).hasMessageContaining("no path");
  }

  @Test
  void surveyIntakeLimitsAreReadAndCheckedNamingTheKey() {
    AppConfig config = AppConfig.from(Map.of(AppConfig.MAX_VIDEO_MB, "100",
        AppConfig.MAX_QUEUE_DEPTH, "5", AppConfig.MIN_FREE_DISK_MB, "0"), new Properties());

    assertThat(config.intake().maxVideoBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(config.intake().maxQueueDepth()).isEqualTo(5);
    assertThat(config.intake().minFreeDiskBytes()).isZero();
    assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.MAX_QUEUE_DEPTH, "0"),
        new Properties())).hasMessageContaining(AppConfig.MAX_QUEUE_DEPTH);
    assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.MAX_ZIP_MB, "-1"),
        new Properties())).hasMessageContaining(AppConfig.MAX_ZIP_MB);
  }

  @Test
  void imageRetentionDefaultsTo180DaysHourlyAndIsCheckedNamingTheKey() {
    AppConfig defaults = AppConfig.from(Map.of(), new Properties());
    assertThat(defaults.retention()).isEqualTo(new AppConfig.Retention(180, 60));
    assertThat(defaults.retention().enabled()).isTrue();
    assertThat(defaults.cropDir()).isEqualTo(defaults.dataDir().resolve("crops"));

    AppConfig forever = AppConfig.from(Map.of(AppConfig.IMAGE_RETENTION_DAYS, "0",
        AppConfig.RETENTION_INTERVAL_MIN, "5"), new Properties());
    assertThat(forever.retention().enabled()).as("0 keeps images forever").isFalse();
    assertThat(forever.retention().intervalMinutes()).isEqualTo(5);

    assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.IMAGE_RETENTION_DAYS, "-1"),
        new Properties())).hasMessageStartingWith(AppConfig.IMAGE_RETENTION_DAYS + ":");
    assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.RETENTION_INTERVAL_MIN, "0"),
        new Properties())).hasMessageStartingWith(AppConfig.RETENTION_INTERVAL_MIN + ":");
  }

  @Test
  void imagesAreInTheDataDirectoryByDefaultOrInAnS3BucketCheckedNamingTheKey(
      @TempDir Path dir) throws Exception {
    assertThat(AppConfig.from(Map.of(), new Properties()).images())
        .isEqualTo(ImageStoreConfig.DIRECTORY);

    AppConfig s3 = AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "S3",
        ImageStoreConfig.S3_ENDPOINT, "http://minio.storage:9000",
        ImageStoreConfig.S3_BUCKET, "gelsenkirchen-roads",
        ImageStoreConfig.S3_PREFIX, "/roadscan",
        ImageStoreConfig.S3_ACCESS_KEY, "AKIAEXAMPLE",
        ImageStoreConfig.S3_SECRET_KEY, "wJalrXUtnFEMI-secret"), new Properties());
    ImageStoreConfig.S3 bucket = s3.images().s3();
    assertThat(s3.images().kind()).isEqualTo(ImageStoreConfig.Kind.S3);
    assertThat(bucket.endpoint()).hasToString("http://minio.storage:9000");
    assertThat(bucket.region()).isEqualTo("us-east-1");
    assertThat(bucket.bucket()).isEqualTo("gelsenkirchen-roads");
    assertThat(bucket.prefix()).isEqualTo("roadscan/");
    assertThat(bucket.accessKey()).isEqualTo("AKIAEXAMPLE");
    assertThat(bucket.secretKey()).isEqualTo("wJalrXUtnFEMI-secret");
    assertThat(s3.toString()).as("credentials never printed").doesNotContain("wJalrXUtnFEMI")
        .doesNotContain("AKIAEXAMPLE").contains("gelsenkirchen-roads");

    // the credentials from files, e.g. a mounted Kubernetes secret
    Path access = Files.writeString(dir.resolve("access"), "from-file-access\n");
    Path secret = Files.writeString(dir.resolve("secret"), "from-file-secret\n");
    ImageStoreConfig.S3 fromFiles = AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "s3",
        ImageStoreConfig.S3_BUCKET, "roads", ImageStoreConfig.S3_REGION, "eu-central-1",
        ImageStoreConfig.S3_ACCESS_KEY_FILE, access.toString(),
        ImageStoreConfig.S3_SECRET_KEY_FILE, secret.toString()), new Properties()).images().s3();
    assertThat(fromFiles.accessKey()).isEqualTo("from-file-access");
    assertThat(fromFiles.secretKey()).isEqualTo("from-file-secret");
    assertThat(fromFiles.endpoint()).as("AWS's own").isNull();
    assertThat(fromFiles.region()).isEqualTo("eu-central-1");
    assertThat(fromFiles.prefix()).isEmpty();

    assertThatThrownBy(() -> AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "nfs"),
        new Properties())).hasMessageStartingWith(ImageStoreConfig.IMAGE_STORE + ":");
    assertThatThrownBy(() -> AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "s3",
        ImageStoreConfig.S3_ACCESS_KEY, "a", ImageStoreConfig.S3_SECRET_KEY, "b"),
        new Properties())).hasMessageStartingWith(ImageStoreConfig.S3_BUCKET + ":");
    assertThatThrownBy(() -> AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "s3",
        ImageStoreConfig.S3_BUCKET, "roads", ImageStoreConfig.S3_SECRET_KEY, "b"),
        new Properties())).hasMessageStartingWith(ImageStoreConfig.S3_ACCESS_KEY + ":");
    assertThatThrownBy(() -> AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "s3",
        ImageStoreConfig.S3_BUCKET, "roads", ImageStoreConfig.S3_ACCESS_KEY, "a"),
        new Properties())).hasMessageStartingWith(ImageStoreConfig.S3_SECRET_KEY + ":");
    assertThatThrownBy(() -> AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "s3",
        ImageStoreConfig.S3_BUCKET, "roads", ImageStoreConfig.S3_ACCESS_KEY, "a",
        ImageStoreConfig.S3_SECRET_KEY, "b", ImageStoreConfig.S3_ENDPOINT, "minio:9000"),
        new Properties())).hasMessageStartingWith(ImageStoreConfig.S3_ENDPOINT + ":");
    assertThatThrownBy(() -> AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "s3",
        ImageStoreConfig.S3_BUCKET, "roads", ImageStoreConfig.S3_ACCESS_KEY, "a",
        ImageStoreConfig.S3_SECRET_KEY_FILE, dir.resolve("missing").toString()),
        new Properties())).hasMessageStartingWith(ImageStoreConfig.S3_SECRET_KEY_FILE + ":");
    assertThatThrownBy(() -> AppConfig.from(Map.of(ImageStoreConfig.IMAGE_STORE, "s3",
        ImageStoreConfig.S3_BUCKET, "a/b", ImageStoreConfig.S3_ACCESS_KEY, "a",
        ImageStoreConfig.S3_SECRET_KEY, "b"), new Properties()))
        .hasMessageStartingWith(ImageStoreConfig.S3_BUCKET + ":");
  }

  @Test
  void durabilityCanBeGivenUpAndIsChecked() {
    assertThat(AppConfig.from(Map.of("ROADSCAN_DB_DURABLE", "false"), new Properties())
        .dbDurable()).isFalse();
    Properties properties = new Properties();
    properties.setProperty("roadscan.db.durable", "TRUE");
    assertThat(AppConfig.from(Map.of("ROADSCAN_DB_DURABLE", "false"), properties).dbDurable())
        .isTrue();
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_DB_DURABLE", "no"),
        new Properties())).hasMessageStartingWith("ROADSCAN_DB_DURABLE:");
  }

  @Test
  void priorityWeightsAndLayersAreConfigurableAndChecked() {
    AppConfig config = AppConfig.from(Map.of("ROADSCAN_PRIORITY_WEIGHTS", "road=0.4",
        "ROADSCAN_ROAD_LAYER", "src/test/resources/layers/roads.geojson"), new Properties());

    assertThat(config.priorityWeights().road()).isEqualTo(0.4);
    assertThat(config.roadLayer()).hasFileName("roads.geojson");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_PRIORITY_WEIGHTS", "speed=1"),
        new Properties())).hasMessageStartingWith("ROADSCAN_PRIORITY_WEIGHTS:");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_SENSITIVE_LAYER", "no/such.geojson"),
        new Properties())).hasMessageStartingWith("ROADSCAN_SENSITIVE_LAYER:");
  }

  @Test
  void poseErrorDefaultsAreConfigurableAndChecked() {
    AppConfig config = AppConfig.from(Map.of("ROADSCAN_GPS_ACCURACY_M", "0.05",
        "ROADSCAN_HEIGHT_ACCURACY_M", "0.2", "ROADSCAN_ANGLE_ACCURACY_DEG", "0.5"),
        new Properties());

    assertThat(config.poseUncertainty()).isEqualTo(new PoseUncertainty(0.05, 0.2, 0.5));
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_GPS_ACCURACY_M", "0"),
        new Properties())).hasMessageStartingWith("ROADSCAN_GPS_ACCURACY_M:");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_HEIGHT_ACCURACY_M", "-1"),
        new Properties())).hasMessageStartingWith("ROADSCAN_HEIGHT_ACCURACY_M:");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_ANGLE_ACCURACY_DEG", "steep"),
        new Properties())).hasMessageStartingWith("ROADSCAN_ANGLE_ACCURACY_DEG:");
  }

  @Test
  void environmentOverridesDefaultsAndSystemPropertyOverridesEnvironment() {
    Properties properties = new Properties();
    properties.setProperty("roadscan.http.port", "9090");
    AppConfig config = AppConfig.from(Map.of(
        "ROADSCAN_HTTP_PORT", "8181",
        "ROADSCAN_DB_URL", "postgresql://road:scan@db.example:5433/register",
        "ROADSCAN_WORKERS", "3",
        "ROADSCAN_MAX_IMAGE_MB", "0.5",
        "ROADSCAN_MAX_REQUEST_MB", "2"), properties);

    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.embeddedDatabase()).isFalse();
    assertThat(config.dbUrl()).isEqualTo("postgresql://road:scan@db.example:5433/register");
    assertThat(config.workers()).isEqualTo(3);
    assertThat(config.maxImageBytes()).isEqualTo(512L * 1024);
    assertThat(config.maxRequestBytes()).isEqualTo(2L * 1024 * 1024);
  }

  @Test
  void unusableValuesFailNamingTheKey() {
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_HTTP_PORT", "http"), new Properties()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("ROADSCAN_HTTP_PORT:");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_HTTP_PORT", "70000"),
        new Properties())).hasMessageStartingWith("ROADSCAN_HTTP_PORT:");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_WORKERS", "-1"), new Properties()))
        .hasMessageStartingWith("ROADSCAN_WORKERS:");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_MAX_IMAGE_MB", "0"),
        new Properties())).hasMessageStartingWith("ROADSCAN_MAX_IMAGE_MB:");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_MAX_REQUEST_MB", "10"),
        new Properties())).hasMessageStartingWith("ROADSCAN_MAX_REQUEST_MB:");
    assertThatThrownBy(() -> AppConfig.from(Map.of("ROADSCAN_DB_URL", "mysql://x"),
        new Properties())).hasMessageStartingWith("ROADSCAN_DB_URL:");
  }
}
