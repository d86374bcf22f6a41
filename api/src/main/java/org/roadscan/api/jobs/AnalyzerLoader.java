package org.roadscan.api.jobs;

import org.roadscan.api.config.AppConfig;
import org.roadscan.detector.CaptureAnalyzer;

/**
 * Loads the capture analyzer (the model) once at start. Called on a worker thread, never on an
 * event loop, because loading a model blocks for seconds; the HTTP server is already listening
 * meanwhile and {@code /health} answers 503 until it returns.
 */
@FunctionalInterface
public interface AnalyzerLoader {

  /** Blocking. The returned analyzer is closed by the service when it stops. */
  CaptureAnalyzer load(AppConfig config) throws Exception;

  /**
   * Loads the analyzer of the fire brigade's live lane ({@code AppConfig.FeedLimits}), with
   * predictors of its own so that feed frames never wait for survey jobs. Blocking; called after
   * {@link #load}. The default, null, means the lane shares the analyzer {@link #load} returned:
   * right for fakes in tests, not for production, which overrides it.
   */
  default CaptureAnalyzer loadFeed(AppConfig config) throws Exception {
    return null;
  }
}
