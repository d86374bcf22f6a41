package org.roadscan.api.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The configuration file named by {@code ROADSCAN_CONFIG}: YAML laid out as {@code
 * config-example.yaml} shows it, each leaf key standing for one environment variable ({@code
 * http.port} for {@code ROADSCAN_HTTP_PORT}, see {@link #KEYS}). Read once at start; an unknown
 * key, a section where a value belongs, a value where a section belongs, a repeated key or a
 * YAML syntax error is refused with a {@link ConfigException} naming the key, the file and the
 * line. Values are kept as text and parsed, with the environment's, by {@link AppConfig}. A
 * {@code null} or empty value counts as not set. A sequence is joined with commas (the list keys:
 * {@code connections.trustedProxies}, {@code auth.corsOrigins}). Immutable.
 */
public final class ConfigFile {

  /** The environment variable (or system property {@code roadscan.config}) naming the file. */
  public static final String CONFIG = "ROADSCAN_CONFIG";

  /** File key (dotted YAML path) → environment variable, in the order of config-example.yaml. */
  static final Map<String, String> KEYS = keys();

  /** No file: nothing set. */
  static final ConfigFile NONE = new ConfigFile(null, Map.of());

  /** A value and where it was written. */
  record Entry(String fileKey, String value, int line) {
  }

  private final Path path;
  private final Map<String, Entry> byVariable;

  private ConfigFile(Path path, Map<String, Entry> byVariable) {
    this.path = path;
    this.byVariable = Map.copyOf(byVariable);
  }

  /**
   * Reads and checks {@code path}.
   *
   * @throws ConfigException naming {@link #CONFIG} when the file cannot be read or parsed, or the
   *     file key at fault with its line
   */
  public static ConfigFile read(Path path) {
    Node root;
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(options).compose(reader);
    } catch (IOException e) {
      throw new ConfigException(CONFIG, "cannot read " + path.toAbsolutePath() + ": " + e);
    } catch (YAMLException e) {
      throw new ConfigException(CONFIG, path.toAbsolutePath() + " is not valid YAML: "
          + e.getMessage().replace('\n', ' '));
    }
    Map<String, Entry> entries = new HashMap<>();
    if (root != null && !isNull(root)) {
      if (!(root instanceof MappingNode mapping)) {
        throw new ConfigException(CONFIG, path.toAbsolutePath() + " line " + line(root)
            + ": expected sections such as 'http:' at the top, found a " + kind(root));
      }
      walk(path, "", mapping, entries);
    }
    return new ConfigFile(path, entries);
  }

  private static void walk(Path path, String prefix, MappingNode mapping,
      Map<String, Entry> entries) {
    List<String> seen = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new ConfigException(CONFIG, where(path, tuple.getKeyNode())
            + ": a key must be a plain name");
      }
      String key = prefix + keyNode.getValue();
      if (seen.contains(key)) {
        throw new ConfigException(key, "appears twice (" + where(path, keyNode) + ")");
      }
      seen.add(key);
      Node value = tuple.getValueNode();
      String variable = KEYS.get(key);
      boolean section = KEYS.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
      if (variable == null && !section) {
        throw new ConfigException(key, "unknown key (" + where(path, keyNode) + "); known "
            + (prefix.isEmpty() ? "sections" : "keys here") + ": " + known(prefix));
      }
      if (section) {
        if (value instanceof MappingNode nested) {
          walk(path, key + ".", nested, entries);
        } else if (!isNull(value)) {
          throw new ConfigException(key, "is a section, found a " + kind(value) + " ("
              + where(path, value) + "); its keys: " + known(key + "."));
        }
        continue;
      }
      String text = text(key, path, value);
      if (text != null) {
        entries.put(variable, new Entry(key, text, line(value)));
      }
    }
  }

  /** The value's text, sequences joined with commas; null for null or empty. */
  private static String text(String key, Path path, Node value) {
    if (isNull(value)) {
      return null;
    }
    if (value instanceof ScalarNode scalar) {
      return scalar.getValue().isBlank() ? null : scalar.getValue();
    }
    if (value instanceof SequenceNode sequence) {
      List<String> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        if (!(item instanceof ScalarNode scalar)) {
          throw new ConfigException(key, "expected a list of plain values, found a " + kind(item)
              + " (" + where(path, item) + ")");
        }
        items.add(scalar.getValue());
      }
      return items.isEmpty() ? null : String.join(",", items);
    }
    throw new ConfigException(key, "expected a value, found a " + kind(value) + " ("
        + where(path, value) + ")");
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  private static String kind(Node node) {
    return switch (node.getNodeId()) {
      case mapping -> "section (key: value lines)";
      case sequence -> "list";
      default -> "value";
    };
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  private static String where(Path path, Node node) {
    return path + " line " + line(node);
  }

  private static String known(String prefix) {
    return String.join(", ", KEYS.keySet().stream().filter(k -> k.startsWith(prefix))
        .map(k -> k.substring(prefix.length()).split("\\.")[0]).distinct().toList());
  }

  /** The file's value of {@code variable}, or null. */
  String get(String variable) {
    Entry entry = byVariable.get(variable);
    return entry == null ? null : entry.value();
  }

  /** Where the file sets {@code variable}, e.g. {@code http.port in /etc/roadscan/config.yaml line 3}; null if it does not. */
  String origin(String variable) {
    Entry entry = byVariable.get(variable);
    return entry == null ? null : entry.fileKey() + " in " + path + " line " + entry.line();
  }

  /** The file read, or null for none. */
  public Path path() {
    return path;
  }

  private static Map<String, String> keys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("http.port", AppConfig.HTTP_PORT);
    keys.put("database.url", AppConfig.DB_URL);
    keys.put("database.durable", AppConfig.DB_DURABLE);
    keys.put("storage.dataDir", AppConfig.DATA_DIR);
    keys.put("images.store", ImageStoreConfig.IMAGE_STORE);
    keys.put("images.s3.endpoint", ImageStoreConfig.S3_ENDPOINT);
    keys.put("images.s3.region", ImageStoreConfig.S3_REGION);
    keys.put("images.s3.bucket", ImageStoreConfig.S3_BUCKET);
    keys.put("images.s3.prefix", ImageStoreConfig.S3_PREFIX);
    // the credentials themselves only from the environment; the file may name files holding them
    keys.put("images.s3.accessKeyFile", ImageStoreConfig.S3_ACCESS_KEY_FILE);
    keys.put("images.s3.secretKeyFile", ImageStoreConfig.S3_SECRET_KEY_FILE);
    keys.put("retention.imageDays", AppConfig.IMAGE_RETENTION_DAYS);
    keys.put("retention.intervalMinutes", AppConfig.RETENTION_INTERVAL_MIN);
    keys.put("model.dir", AppConfig.MODEL_DIR);
    keys.put("model.privacyModels", AppConfig.PRIVACY_MODELS);
    keys.put("jobs.workers", AppConfig.WORKERS);
    keys.put("jobs.inferenceBudgetS", AppConfig.INFERENCE_BUDGET_S);
    keys.put("jobs.leaseS", AppConfig.JOB_LEASE_S);
    keys.put("feed.workers", AppConfig.FEED_WORKERS);
    keys.put("feed.queuePerStream", AppConfig.FEED_QUEUE);
    keys.put("uploads.maxImageMb", AppConfig.MAX_IMAGE_MB);
    keys.put("uploads.maxRequestMb", AppConfig.MAX_REQUEST_MB);
    keys.put("uploads.maxVideoMb", AppConfig.MAX_VIDEO_MB);
    keys.put("uploads.maxZipMb", AppConfig.MAX_ZIP_MB);
    keys.put("uploads.maxQueueDepth", AppConfig.MAX_QUEUE_DEPTH);
    keys.put("uploads.minFreeDiskMb", AppConfig.MIN_FREE_DISK_MB);
    keys.put("uploads.maxMegapixels", AppConfig.MAX_MEGAPIXELS);
    keys.put("uploads.maxParts", AppConfig.MAX_PARTS);
    keys.put("uploads.maxTextPartKb", AppConfig.MAX_TEXT_PART_KB);
    keys.put("uploads.maxUploads", AppConfig.MAX_UPLOADS);
    keys.put("connections.idleTimeoutS", AppConfig.IDLE_TIMEOUT_S);
    keys.put("connections.headerTimeoutS", AppConfig.HEADER_TIMEOUT_S);
    keys.put("connections.bodyTimeoutS", AppConfig.BODY_TIMEOUT_S);
    keys.put("connections.maxConnections", AppConfig.MAX_CONNECTIONS);
    keys.put("connections.trustedProxies", AppConfig.TRUSTED_PROXIES);
    keys.put("georeferencing.gpsAccuracyM", AppConfig.GPS_ACCURACY_M);
    keys.put("georeferencing.heightAccuracyM", AppConfig.HEIGHT_ACCURACY_M);
    keys.put("georeferencing.angleAccuracyDeg", AppConfig.ANGLE_ACCURACY_DEG);
    keys.put("priority.weights", AppConfig.PRIORITY_WEIGHTS);
    keys.put("priority.roadLayer", AppConfig.ROAD_LAYER);
    keys.put("priority.sensitiveLayer", AppConfig.SENSITIVE_LAYER);
    keys.put("auth.adminToken", AuthConfig.ADMIN_TOKEN);
    keys.put("auth.publicRead", AuthConfig.PUBLIC_READ);
    keys.put("auth.corsOrigins", AuthConfig.CORS_ORIGINS);
    keys.put("auth.oidc.issuer", AuthConfig.OIDC_ISSUER);
    keys.put("auth.oidc.audience", AuthConfig.OIDC_AUDIENCE);
    keys.put("auth.oidc.rolesClaim", AuthConfig.OIDC_ROLES_CLAIM);
    keys.put("auth.oidc.rolePrefix", AuthConfig.OIDC_ROLE_PREFIX);
    keys.put("operations.metricsPublic", OpsConfig.METRICS_PUBLIC);
    keys.put("operations.logFormat", OpsConfig.LOG_FORMAT);
    keys.put("operations.logLevel", OpsConfig.LOG_LEVEL);
    return java.util.Collections.unmodifiableMap(keys);
  }
}
