package org.roadscan.api.config;

import java.util.Locale;

/**
 * How the service is watched (issue #32), part of {@link AppConfig}. Immutable.
 *
 * @param metricsPublic whether {@code GET /metrics} answers without a token ({@code
 *     ROADSCAN_METRICS_PUBLIC}, default false: admin tokens only). Prometheus scrapers seldom hold
 *     a token; make it public only where the port is reachable from the cluster alone.
 * @param logFormat {@code text} (one line per event, default) or {@code json} (one JSON object per
 *     line, for Loki, Elasticsearch and the like) ({@code ROADSCAN_LOG_FORMAT})
 * @param logLevel the service's own log level, {@code error}, {@code warn}, {@code info}
 *     (default) or {@code debug} ({@code ROADSCAN_LOG_LEVEL}); libraries stay at warn
 * @param configFile the file named by {@code ROADSCAN_CONFIG} that was read, or null for none
 */
public record OpsConfig(boolean metricsPublic, LogFormat logFormat, String logLevel,
    java.nio.file.Path configFile) {

  public static final String METRICS_PUBLIC = "ROADSCAN_METRICS_PUBLIC";
  public static final String LOG_FORMAT = "ROADSCAN_LOG_FORMAT";
  public static final String LOG_LEVEL = "ROADSCAN_LOG_LEVEL";

  /** Metrics for admins, text logs at info. */
  public static final OpsConfig DEFAULTS = new OpsConfig(false, LogFormat.TEXT, "info", null);

  /** How each log event is written to standard output. */
  public enum LogFormat {
    TEXT, JSON;

    static LogFormat parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "text" -> TEXT;
        case "json" -> JSON;
        default -> throw new ConfigException(LOG_FORMAT, "expected text or json, was '" + text
            + "'");
      };
    }
  }

  public OpsConfig {
    if (logFormat == null) {
      throw new ConfigException(LOG_FORMAT, "is required");
    }
    logLevel = logLevel == null ? "info" : logLevel.strip().toLowerCase(Locale.ROOT);
    if (!java.util.List.of("error", "warn", "info", "debug").contains(logLevel)) {
      throw new ConfigException(LOG_LEVEL, "expected error, warn, info or debug, was '"
          + logLevel + "'");
    }
  }
}
