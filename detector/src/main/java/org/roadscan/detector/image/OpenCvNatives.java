package org.roadscan.detector.image;

import nu.pattern.OpenCV;
import org.opencv.core.Core;

/**
 * Loads OpenCV's native library (bundled in the openpnp jar) once per JVM. Thread-safe; every
 * class here that touches OpenCV calls {@link #ensureLoaded()} first, so callers need not.
 */
public final class OpenCvNatives {

  private static volatile boolean loaded;

  private OpenCvNatives() {
  }

  /** Loads the native library if this JVM has not done so yet. */
  public static void ensureLoaded() {
    if (!loaded) {
      synchronized (OpenCvNatives.class) {
        if (!loaded) {
          OpenCV.loadLocally();
          loaded = true;
        }
      }
    }
  }

  /**
   * Sets the threads OpenCV's own functions (resize, colour conversion) may split one call over;
   * process-wide. The detector sets it like libtorch's intra-op threads, cores / workers: with a
   * worker per core, a resize fanned out over all cores only contends with the other workers.
   */
  public static void setThreads(int threads) {
    ensureLoaded();
    Core.setNumThreads(threads);
  }

  /** The threads OpenCV's functions may use now. */
  public static int threads() {
    ensureLoaded();
    return Core.getNumThreads();
  }
}
