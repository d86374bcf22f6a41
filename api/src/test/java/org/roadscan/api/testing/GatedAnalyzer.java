package org.roadscan.api.testing;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.ModelInfo;
import org.roadscan.detector.geo.CaptureContext;

/**
 * A slow fake analyzer for narrow tests (feed lanes, health probes during a running job): each analysis waits for a permit (the test
 * lets frames through one by one), then answers like {@link ScriptedCaptureAnalyzer}. Not a
 * model. Thread-safe.
 */
public final class GatedAnalyzer implements CaptureAnalyzer {

  private final ScriptedCaptureAnalyzer answers;
  private final Semaphore permits = new Semaphore(0);
  private final Semaphore entered = new Semaphore(0);
  private volatile boolean open;

  public GatedAnalyzer(ScriptedCaptureAnalyzer answers) {
    this.answers = answers;
  }

  /** Lets every frame through from now on. */
  public void open() {
    open = true;
    permits.release(1000);
  }

  /** Lets one waiting (or the next) frame through. */
  public void release() {
    permits.release();
  }

  /** Waits until an analysis has started (and is waiting for its permit). */
  public void awaitEntered() throws InterruptedException {
    if (!entered.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no analysis started within 10 s");
    }
  }

  @Override
  public CaptureAnalysis analyze(byte[] imageBytes, CaptureContext context)
      throws CaptureException {
    entered.release();
    try {
      if (!open && !permits.tryAcquire(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate stayed closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return answers.analyze(imageBytes, context);
  }

  @Override
  public ModelInfo modelInfo() {
    return answers.modelInfo();
  }

  @Override
  public void close() {
    open();
  }

  static List<String> classes() {
    return List.of("D00", "D10", "D20", "D40");
  }
}
