package org.roadscan.api.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where images are stored (issue #32, "images in a shared store"), part of {@link AppConfig}.
 * Immutable.
 *
 * @param kind {@code directory} (default: {@code <dataDir>/images}, which may be a shared volume)
 *     or {@code s3} ({@code ROADSCAN_IMAGE_STORE})
 * @param s3 the bucket when {@code kind} is {@code s3}, else null
 */
public record ImageStoreConfig(Kind kind, S3 s3) {

  public static final String IMAGE_STORE = "ROADSCAN_IMAGE_STORE";
  public static final String S3_ENDPOINT = "ROADSCAN_S3_ENDPOINT";
  public static final String S3_REGION = "ROADSCAN_S3_REGION";
  public static final String S3_BUCKET = "ROADSCAN_S3_BUCKET";
  public static final String S3_PREFIX = "ROADSCAN_S3_PREFIX";
  public static final String S3_ACCESS_KEY = "ROADSCAN_S3_ACCESS_KEY";
  public static final String S3_SECRET_KEY = "ROADSCAN_S3_SECRET_KEY";
  public static final String S3_ACCESS_KEY_FILE = "ROADSCAN_S3_ACCESS_KEY_FILE";
  public static final String S3_SECRET_KEY_FILE = "ROADSCAN_S3_SECRET_KEY_FILE";

  /** Images under the data directory. */
  public static final ImageStoreConfig DIRECTORY = new ImageStoreConfig(Kind.DIRECTORY, null);

  /** The store's kind. */
  public enum Kind {
    DIRECTORY, S3;

    static Kind parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "directory" -> DIRECTORY;
        case "s3" -> S3;
        default -> throw new ConfigException(IMAGE_STORE, "expected directory or s3, was '" + text
            + "'");
      };
    }
  }

  /**
   * An S3-compatible bucket, addressed path-style ({@code <endpoint>/<bucket>/<key>}), which MinIO,
   * Ceph's RADOS gateway and most city object stores expect.
   *
   * @param endpoint the store's URL, e.g. {@code http://minio.storage:9000} ({@code
   *     ROADSCAN_S3_ENDPOINT}); null for AWS's own endpoint of {@code region}
   * @param region signing region ({@code ROADSCAN_S3_REGION}, default {@code us-east-1}, which
   *     MinIO and Ceph accept)
   * @param bucket the bucket, which must exist ({@code ROADSCAN_S3_BUCKET}, required)
   * @param prefix prepended to every key, empty or ending in {@code /} ({@code
   *     ROADSCAN_S3_PREFIX}, e.g. {@code roadscan/}; default none)
   * @param accessKey the access key id ({@code ROADSCAN_S3_ACCESS_KEY}, or read from the file
   *     named by {@code ROADSCAN_S3_ACCESS_KEY_FILE}); never logged
   * @param secretKey the secret key ({@code ROADSCAN_S3_SECRET_KEY} or {@code
   *     ROADSCAN_S3_SECRET_KEY_FILE}); never logged
   */
  public record S3(URI endpoint, String region, String bucket, String prefix, String accessKey,
      String secretKey) {

    public static final String DEFAULT_REGION = "us-east-1";

    public S3 {
      boolean web = endpoint == null || endpoint.getHost() != null
          && ("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()));
      if (!web) {
        throw new ConfigException(S3_ENDPOINT, "expected an http:// or https:// URL, was '"
            + endpoint + "'");
      }
      region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
      if (bucket == null || bucket.isBlank()) {
        throw new ConfigException(S3_BUCKET, "is required when " + IMAGE_STORE + "=s3");
      }
      bucket = bucket.strip();
      if (!bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]")) {
        throw new ConfigException(S3_BUCKET, "not a bucket name (3 to 63 letters, digits, '.',"
            + " '-', '_'): '" + bucket + "'");
      }
      prefix = prefix == null ? "" : prefix.strip();
      while (prefix.startsWith("/")) {
        prefix = prefix.substring(1);
      }
      if (!prefix.isEmpty() && !prefix.endsWith("/")) {
        prefix = prefix + "/";
      }
      if (accessKey == null || accessKey.isBlank()) {
        throw new ConfigException(S3_ACCESS_KEY, "is required when " + IMAGE_STORE + "=s3 (or "
            + S3_ACCESS_KEY_FILE + ")");
      }
      if (secretKey == null || secretKey.isBlank()) {
        throw new ConfigException(S3_SECRET_KEY, "is required when " + IMAGE_STORE + "=s3 (or "
            + S3_SECRET_KEY_FILE + ")");
      }
      accessKey = accessKey.strip();
      secretKey = secretKey.strip();
    }

    /** Where the images are, for logs: no credentials. */
    public String describe() {
      return "s3://" + bucket + "/" + prefix + (endpoint == null ? " (AWS " + region + ")"
          : " at " + endpoint);
    }

    /** No credentials: a record's own {@code toString} would print them. */
    @Override
    public String toString() {
      return "S3[" + describe() + ", region " + region + "]";
    }
  }

  public ImageStoreConfig {
    if (kind == null) {
      throw new ConfigException(IMAGE_STORE, "is required");
    }
    if ((kind == Kind.S3) != (s3 != null)) {
      throw new ConfigException(IMAGE_STORE, kind == Kind.S3 ? "s3 needs the bucket settings"
          : "bucket settings are for s3 only");
    }
  }

  /**
   * A secret: {@code value} when set, else the first line of {@code file} (e.g. a mounted
   * Kubernetes secret), whose variable is {@code fileKey}; null when neither is set. Blocking
   * (reads the file), once at start.
   */
  static String secret(String value, String fileKey, String file) {
    if (value != null && !value.isBlank()) {
      return value;
    }
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      String text = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8).strip();
      return text.lines().findFirst().orElse("");
    } catch (IOException e) {
      // the message names the file, never its contents
      throw new ConfigException(fileKey, "cannot read " + file.strip() + ": "
          + e.getClass().getSimpleName());
    }
  }

  static Kind kind(String text) {
    return text == null || text.isBlank() ? Kind.DIRECTORY : Kind.parse(text);
  }
}
