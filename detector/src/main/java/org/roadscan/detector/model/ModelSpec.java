package org.roadscan.detector.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What a model directory says about its model: class names ({@code synset.txt}, one per line, in
 * output order) and serving defaults ({@code serving.properties}: {@code width}, {@code height},
 * {@code threshold}, {@code threshold.<CLASS>}, {@code nmsThreshold}). Immutable.
 *
 * <p>Thresholds are operating points per class: {@code threshold.D00=0.10} sets the minimum
 * probability of class {@code D00}; a class without its own line takes the global
 * {@code threshold}. Crack classes score much lower than potholes, so one value for all classes
 * would suppress them entirely.
 *
 * @param classNames class names in output order, e.g. {@code [D00, D10, D20, D40]}
 * @param inputSize side of the square model input, px
 * @param threshold global default minimum class probability, 0..1; the value of classes without
 *     their own line in {@code serving.properties}
 * @param classThresholds minimum probability per class, 0..1, in synset order (same size as
 *     {@code classNames})
 * @param nmsThreshold IoU above which a lower-scored box of the same class is suppressed, 0..1
 */
public record ModelSpec(List<String> classNames, int inputSize, double threshold,
    List<Double> classThresholds, double nmsThreshold) {

  /** Name of the class list file. */
  public static final String SYNSET = "synset.txt";
  /** Name of the serving defaults file. */
  public static final String SERVING_PROPERTIES = "serving.properties";
  /** Prefix of a per-class threshold key: {@code threshold.D00}. */
  public static final String CLASS_THRESHOLD_PREFIX = "threshold.";

  public ModelSpec {
    classNames = List.copyOf(classNames);
    classThresholds = List.copyOf(classThresholds);
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("the model has no classes");
    }
    if (inputSize < 32) {
      throw new IllegalArgumentException("input size too small: " + inputSize);
    }
    checkUnit("threshold", threshold);
    if (classThresholds.size() != classNames.size()) {
      throw new IllegalArgumentException(classThresholds.size() + " class thresholds for "
          + classNames.size() + " classes " + classNames);
    }
    for (int c = 0; c < classNames.size(); c++) {
      checkUnit("threshold of " + classNames.get(c), classThresholds.get(c));
    }
    checkUnit("nmsThreshold", nmsThreshold);
  }

  /** A spec whose classes all use {@code threshold}. */
  public ModelSpec(List<String> classNames, int inputSize, double threshold,
      double nmsThreshold) {
    this(classNames, inputSize, threshold, Collections.nCopies(classNames.size(), threshold),
        nmsThreshold);
  }

  static void checkUnit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in 0..1: " + v);
    }
  }

  /**
   * Reads {@code synset.txt} and {@code serving.properties} from a model directory. Missing
   * serving keys take the defaults 320, 0.25 and 0.5; a class without a
   * {@code threshold.<CLASS>} line takes the global {@code threshold}.
   *
   * @throws IOException when a file is missing or unreadable
   * @throws IllegalArgumentException when a value is malformed or out of range, or a
   *     {@code threshold.<CLASS>} names no class of the synset (the message names file and key)
   */
  public static ModelSpec read(Path modelDir) throws IOException {
    List<String> names = Files.readAllLines(modelDir.resolve(SYNSET), StandardCharsets.UTF_8)
        .stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    Properties p = new Properties();
    Path serving = modelDir.resolve(SERVING_PROPERTIES);
    if (Files.exists(serving)) {
      try (Reader r = Files.newBufferedReader(serving, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    int width = (int) number(p, "width", 320);
    int height = (int) number(p, "height", width);
    if (width != height) {
      throw new IllegalArgumentException(
          SERVING_PROPERTIES + ": width and height must be equal (square input), got "
              + width + " and " + height);
    }
    double global = unit(p, "threshold", 0.25);
    List<Double> perClass = new ArrayList<>(Collections.nCopies(names.size(), global));
    // sorted, so that a file with several bad keys always names the same one
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      if (key.startsWith(CLASS_THRESHOLD_PREFIX)) {
        String name = key.substring(CLASS_THRESHOLD_PREFIX.length());
        int c = names.indexOf(name);
        if (c < 0) {
          throw new IllegalArgumentException(SERVING_PROPERTIES + ": " + key + " names no class of "
              + SYNSET + " " + names);
        }
        perClass.set(c, unit(p, key, global));
      }
    }
    return new ModelSpec(names, width, global, perClass, unit(p, "nmsThreshold", 0.5));
  }

  private static double unit(Properties p, String key, double fallback) {
    double v = number(p, key, fallback);
    checkUnit(SERVING_PROPERTIES + ": " + key, v);
    return v;
  }

  private static double number(Properties p, String key, double fallback) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SERVING_PROPERTIES + ": " + key + " is not a number: " + v, e);
    }
  }

  /** Index of a class name in the synset, or -1. */
  public int indexOf(String className) {
    return classNames.indexOf(className);
  }

  /**
   * The minimum probability of one class: its own {@code threshold.<CLASS>}, else the global
   * {@link #threshold()}.
   *
   * @param classIndex index into the synset
   */
  public double threshold(int classIndex) {
    return classThresholds.get(classIndex);
  }

  /**
   * This spec with {@code threshold} for the global default <em>and every class</em>: an explicit
   * override means one value everywhere, per-class lines of the file no longer apply.
   *
   * @param threshold minimum class probability, 0..1
   */
  public ModelSpec withThreshold(double threshold) {
    return new ModelSpec(classNames, inputSize, threshold, nmsThreshold);
  }

  /** This spec with another NMS IoU threshold, 0..1. */
  public ModelSpec withNmsThreshold(double nmsThreshold) {
    return new ModelSpec(classNames, inputSize, threshold, classThresholds, nmsThreshold);
  }
}
