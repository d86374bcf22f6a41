package org.roadscan.detector.image;

import nu.pattern.OpenCV;

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
}
