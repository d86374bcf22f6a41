package org.roadscan.api.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.ModelInfo;
import org.roadscan.detector.geo.CaptureContext;

/**
 * A fake analyzer for narrow service tests: returns the analysis scripted for an image's SHA-256,
 * or an analysis without observations at the test origin. Not a model; tests using it carry
 * {@code WithFakeAnalyzer} in their name. Thread-safe.
 */
public final class ScriptedCaptureAnalyzer implements CaptureAnalyzer {

  private final Map<String, Object> scripted = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Answers {@code analysis} for {@code imageBytes}. */
  public ScriptedCaptureAnalyzer script(byte[] imageBytes, CaptureAnalysis analysis) {
    scripted.put(ImageStore.sha256(imageBytes), analysis);
    return this;
  }

  /** Refuses {@code imageBytes} with {@code refusal}. */
  public ScriptedCaptureAnalyzer refuse(byte[] imageBytes, CaptureException refusal) {
    scripted.put(ImageStore.sha256(imageBytes), refusal);
    return this;
  }

  @Override
  public CaptureAnalysis analyze(byte[] imageBytes, CaptureContext context)
      throws CaptureException {
    Object answer = scripted.get(ImageStore.sha256(imageBytes));
    if (answer instanceof CaptureException refusal) {
      throw refusal;
    }
    if (answer instanceof CaptureAnalysis analysis) {
      return analysis;
    }
    return TestCaptures.analysis(Instant.parse("2025-06-01T10:00:00Z"));
  }

  @Override
  public ModelInfo modelInfo() {
    return ModelInfo.of(List.of("D00", "D10", "D20", "D40"), List.of(0.25, 0.25, 0.25, 0.25),
        false, 1);
  }

  @Override
  public void close() {
    closed.set(true);
  }

  public boolean closed() {
    return closed.get();
  }
}
