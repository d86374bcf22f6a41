package org.roadscan.api.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.roadscan.api.config.OpsConfig;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code: one console appender on standard error, text or JSON lines ({@link
 * JsonLineEncoder}); the service's loggers ({@code org.roadscan}) at the configured level, every
 * other at warn, so the embedded PostgreSQL's initdb and server chatter, Vert.x's deployment
 * notes and DJL's engine banners stay out of an operator's log unless they warn. Applied first from
 * the environment ({@link RoadScanLogConfigurator}), again once the configuration file is read
 * ({@link #apply(OpsConfig)}). Call from one thread at a time (start).
 */
public final class LogSetup {

  /** Text lines: time, level, logger (short), thread, message, stack trace. */
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} [%thread] %msg%n";

  private LogSetup() {
  }

  /** Reconfigures the running logback with {@code ops}' format and level. */
  public static void apply(OpsConfig ops) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, ops.logFormat(), ops.logLevel());
    }
  }

  static void apply(LoggerContext context, OpsConfig.LogFormat format, String level) {
    context.reset();
    Encoder<ILoggingEvent> encoder;
    if (format == OpsConfig.LogFormat.JSON) {
      encoder = new JsonLineEncoder();
    } else {
      PatternLayoutEncoder pattern = new PatternLayoutEncoder();
      pattern.setPattern(TEXT_PATTERN);
      encoder = pattern;
    }
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    context.getLogger("org.roadscan").setLevel(Level.toLevel(level, Level.INFO));
  }
}
