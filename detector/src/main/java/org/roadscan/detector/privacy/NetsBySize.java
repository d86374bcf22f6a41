package org.roadscan.detector.privacy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * One OpenCV network per input size, loaded from an ONNX file on first use. OpenCV 4.9's network,
 * fed an input of another size than its last, has answered garbage: a frame-sized "plate" at
 * score 1.0 or NaN, for the next calls (PlateFinderShapeTest). Each size therefore gets its own
 * network; a frame's tiles share one or a few sizes. Least recently used beyond {@code max}.
 * Not thread-safe: one instance per finder, a finder per thread.
 */
final class NetsBySize {

  private final Path model;
  private final String what;
  private final Map<String, Net> nets;

  /**
   * @param model the ONNX file
   * @param what the model's name in errors ("plate model")
   * @param max most networks kept
   */
  NetsBySize(Path model, String what, int max) {
    this.model = model;
    this.what = what;
    this.nets = new LinkedHashMap<>(8, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Net> eldest) {
        return size() > max;
      }
    };
  }

  /** The network for inputs of {@code w} × {@code h} px. */
  Net forSize(int w, int h) {
    return nets.computeIfAbsent(w + "x" + h, size -> {
      try {
        return Dnn.readNetFromONNX(model.toString());
      } catch (RuntimeException e) {
        throw new PrivacyModelException(what + " " + model + " cannot be loaded", e);
      }
    });
  }

  /** Drops the network of that size (it answered garbage); the next call loads a fresh one. */
  void forget(int w, int h) {
    nets.remove(w + "x" + h);
  }
}
