package org.roadscan.api.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import org.roadscan.api.config.OpsConfig;

/**
 * Logback's first configuration, found through {@code META-INF/services} before the first logger
 * is made: {@link LogSetup} with {@code ROADSCAN_LOG_FORMAT} and {@code ROADSCAN_LOG_LEVEL} from
 * the system properties or the environment, so even the lines before the configuration file is
 * read have the operator's format. Unusable values fall back to text at info here; the
 * configuration's validation then stops the start naming the key.
 */
public final class RoadScanLogConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    String format = setting(OpsConfig.LOG_FORMAT);
    String level = setting(OpsConfig.LOG_LEVEL);
    LogSetup.apply(context, "json".equals(format) ? OpsConfig.LogFormat.JSON
        : OpsConfig.LogFormat.TEXT, level == null ? "info" : level);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static String setting(String key) {
    String value = System.getProperty(key.toLowerCase(Locale.ROOT).replace('_', '.'));
    value = value != null ? value : System.getenv(key);
    return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
  }
}
