package org.roadscan.detector;

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
   * @return metadata and observations (possibly none)
   * @throws CaptureException when the input is unusable (not a JPEG, no GPS, bad pose...)
   */
  CaptureAnalysis analyze(byte[] imageBytes) throws CaptureException;

  /** The class names the model knows, in synset order. */
  java.util.List<String> classNames();

  @Override
  void close();
}
