package org.roadscan.detector;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator needs to know about the loaded model: its classes, the operating point of each
 * (a detection is reported when its confidence is above it) and whether the engine was checked
 * against the reference output that was exported with the model.
 *
 * @param classNames the class names in synset order
 * @param thresholds the reporting threshold of each class, keyed by class name in synset order
 * @param selfChecked true when every predictor reproduced the model's self-check output at start;
 *     false when the model directory ships no self-check (the engine's results are then unchecked)
 * @param workers the number of predictors, i.e. of captures analysed at the same time
 */
public record ModelInfo(List<String> classNames, Map<String, Double> thresholds,
    boolean selfChecked, int workers) {

  public ModelInfo {
    classNames = List.copyOf(classNames);
    if (!thresholds.keySet().equals(new HashSet<>(classNames))) {
      throw new IllegalArgumentException("thresholds " + thresholds.keySet()
          + " do not name exactly the classes " + classNames);
    }
    thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1: " + workers);
    }
  }

  /** The info of a model whose classes all report above {@code thresholds}, in synset order. */
  public static ModelInfo of(List<String> classNames, List<Double> thresholds, boolean selfChecked,
      int workers) {
    if (thresholds.size() != classNames.size()) {
      throw new IllegalArgumentException(thresholds.size() + " thresholds for "
          + classNames.size() + " classes");
    }
    Map<String, Double> byName = new LinkedHashMap<>();
    for (int i = 0; i < classNames.size(); i++) {
      byName.put(classNames.get(i), thresholds.get(i));
    }
    return new ModelInfo(classNames, byName, selfChecked, workers);
  }
}
