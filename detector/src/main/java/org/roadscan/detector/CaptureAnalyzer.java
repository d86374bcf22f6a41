package org.roadscan.detector;

import org.roadscan.detector.geo.CaptureContext;

/**
 * From image bytes to georeferenced observations: decode, read metadata, detect, project.
 *
 * <p>Implementations are thread-safe; each call blocks for the duration of inference, so callers
 * run it on worker threads, never on an event loop.
 */
public interface CaptureAnalyzer extends AutoCloseable {

  /**
   * Analyses one image.
   *
   * @param imageBytes the uploaded file, as sent
   * @param context the survey profile and track heading that help place it
   * @return metadata, observations (possibly none), detections that could not be placed, and how
   *     the capture was projected
   * @throws CaptureException when the input is unusable (not a JPEG, no GPS, bad pose...)
   */
  CaptureAnalysis analyze(byte[] imageBytes, CaptureContext context) throws CaptureException;

  /** Analyses one image without survey profile. */
  default CaptureAnalysis analyze(byte[] imageBytes) throws CaptureException {
    return analyze(imageBytes, CaptureContext.NONE);
  }

  /** The loaded model: classes, per-class thresholds, whether its engine passed the self-check. */
  ModelInfo modelInfo();

  /** The class names the model knows, in synset order. */
  default java.util.List<String> classNames() {
    return modelInfo().classNames();
  }

  @Override
  void close();
}
