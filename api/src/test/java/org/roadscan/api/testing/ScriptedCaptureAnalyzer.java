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
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.PrivacyModels;

/**
 * A fake analyzer for narrow service tests: returns the analysis scripted for an image's SHA-256,
 * or an analysis without observations at the test origin. Not a model; tests using it carry
 * {@code WithFakeAnalyzer} in their name. Thread-safe.
 *
 * <p>The service analyses what its image store holds, the anonymised copy (issue #31), while the
 * live feed analyses the frame as sent: a scripted image is therefore answered under both its own
 * SHA-256 and that of its anonymised copy, made by the real anonymiser (deterministic for the same
 * bytes).
 */
public final class ScriptedCaptureAnalyzer implements CaptureAnalyzer {

  private final Map<String, Object> scripted = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private static Anonymizer anonymizer;

  /** Answers {@code analysis} for {@code imageBytes} (as sent, or as the store keeps them). */
  public ScriptedCaptureAnalyzer script(byte[] imageBytes, CaptureAnalysis analysis) {
    keys(imageBytes).forEach(key -> scripted.put(key, analysis));
    return this;
  }

  /** Refuses {@code imageBytes} with {@code refusal}. */
  public ScriptedCaptureAnalyzer refuse(byte[] imageBytes, CaptureException refusal) {
    keys(imageBytes).forEach(key -> scripted.put(key, refusal));
    return this;
  }

  /**
   * Whether {@code received} (what an analyzer was given) is {@code image} as sent or as the image
   * store keeps it, anonymised.
   */
  public static boolean isImage(byte[] received, byte[] image) {
    return keys(image).contains(ImageStore.sha256(received));
  }

  /** The image's SHA-256, and its anonymised copy's when it decodes. */
  private static List<String> keys(byte[] imageBytes) {
    String original = ImageStore.sha256(imageBytes);
    try {
      return List.of(original, ImageStore.sha256(
          anonymizer().anonymize(imageBytes, PixelLimit.DEFAULT).jpeg()));
    } catch (CaptureException | RuntimeException undecodable) {
      return List.of(original);
    }
  }

  private static synchronized Anonymizer anonymizer() {
    if (anonymizer == null) {
      anonymizer = new Anonymizer(PrivacyModels.load(TestService.PRIVACY_MODELS));
    }
    return anonymizer;
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
