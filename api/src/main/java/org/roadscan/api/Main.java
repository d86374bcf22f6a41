package org.roadscan.api;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.roadscan.api.auth.TokenCommand;
import org.roadscan.api.capture.CaptureValidator;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.ConfigException;
import org.roadscan.api.jobs.AnalyzerLoader;
import org.roadscan.api.logging.LogSetup;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.CaptureCheck;
import org.roadscan.detector.DjlCaptureAnalyzer;
import org.roadscan.detector.eval.EvaluateCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar roadscan.jar} starts the service; {@code java -jar roadscan.jar evaluate …} runs
 * the detector evaluation; {@code java -jar roadscan.jar token …} creates, lists and revokes API
 * tokens ({@link TokenCommand}). Configuration comes from the YAML file named by {@code
 * ROADSCAN_CONFIG}, {@code ROADSCAN_*} environment variables and {@code roadscan.*} system
 * properties (see {@link AppConfig} and {@code config-example.yaml}).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final long STOP_TIMEOUT_S = 60;

  private Main() {
  }

  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    if (args.length > 0) {
      System.exit(command(args, System.out, System.err));
    }
    AppConfig config;
    try {
      config = AppConfig.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("roadscan: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    // the file may choose another log format or level than the environment did
    LogSetup.apply(config.ops());
    if (config.ops().configFile() != null) {
      LOG.info("configuration read from {} (environment variables override it)",
          config.ops().configFile().toAbsolutePath());
    }
    start(config, analyzers(), captureValidator());
  }

  /** Runs a sub-command; returns the process exit code. */
  static int command(String[] args, PrintStream out, PrintStream err) {
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "evaluate" -> EvaluateCommand.run(rest, out, err);
      case "token" -> {
        AppConfig config;
        try {
          config = AppConfig.fromEnvironment();
        } catch (ConfigException e) {
          err.println("roadscan: configuration error: " + e.getMessage());
          yield 2;
        }
        yield TokenCommand.run(rest, config, out, err);
      }
      default -> {
        err.println("roadscan: unknown command '" + args[0] + "'");
        err.println("usage: java -jar roadscan.jar            start the service");
        err.println("       java -jar roadscan.jar evaluate …  evaluate the model on labelled images");
        err.println("       java -jar roadscan.jar token create --role ROLE --name NAME [--days N]");
        err.println("                                         create an API token (printed once);"
            + " also: token list, token revoke ID");
        yield 2;
      }
    };
  }

  /**
   * Starts the service in a new Vert.x instance and stops it gracefully on SIGTERM/SIGINT. Exits
   * the process with status 1 when start fails.
   */
  static Vertx start(AppConfig config, AnalyzerLoader analyzerLoader, CaptureValidator validator) {
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new RoadScanVerticle(config, analyzerLoader, validator))
        .onFailure(err -> {
          LOG.error("RoadScan failed to start: {}", err.getMessage());
          vertx.close().onComplete(closed -> System.exit(1));
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_S,
            TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("graceful stop did not finish: {}", e.toString());
      }
    }, "roadscan-shutdown"));
    return vertx;
  }

  /** The upload pre-check: the detector facade's {@link CaptureCheck} (metadata, no decoding). */
  public static CaptureValidator captureValidator() {
    return new CaptureCheck()::check;
  }

  /** Loads the production analyzer from {@link AppConfig#modelDir()}; runs on a worker thread. */
  public static CaptureAnalyzer loadAnalyzer(AppConfig config) {
    return DjlCaptureAnalyzer.load(config.modelDir(), config.workers(), config.poseUncertainty(),
        DjlCaptureAnalyzer.Passes.FULL, intraOpThreads(config), config.pixelLimit());
  }

  /**
   * Loads the fire brigade lane's analyzer: the same model with {@code ROADSCAN_FEED_WORKERS}
   * predictors of its own and the focused passes (a whole-frame pass, then only the tiles it
   * hints at); runs on a worker thread.
   */
  public static CaptureAnalyzer loadFeedAnalyzer(AppConfig config) {
    return DjlCaptureAnalyzer.load(config.modelDir(), config.feed().workers(),
        config.poseUncertainty(), DjlCaptureAnalyzer.Passes.FOCUSED, intraOpThreads(config),
        config.pixelLimit());
  }

  /** Both analyzers of the production service. */
  public static AnalyzerLoader analyzers() {
    return new AnalyzerLoader() {
      @Override
      public CaptureAnalyzer load(AppConfig config) {
        return loadAnalyzer(config);
      }

      @Override
      public CaptureAnalyzer loadFeed(AppConfig config) {
        return loadFeedAnalyzer(config);
      }
    };
  }

  /**
   * PyTorch's intra-op threads, one setting per process: the cores shared by every predictor of
   * the survey workers and the feed lane, so that together they do not oversubscribe the CPU.
   */
  private static int intraOpThreads(AppConfig config) {
    int predictors = Math.max(1, config.workers() + config.feed().workers());
    return Math.max(1, Runtime.getRuntime().availableProcessors() / predictors);
  }
}
