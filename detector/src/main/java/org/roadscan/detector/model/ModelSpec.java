package org.roadscan.detector.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What a model directory says about its model: class names ({@code synset.txt}, one per line, in
 * output order) and serving defaults ({@code serving.properties}: {@code width}, {@code height},
 * {@code threshold}, {@code nmsThreshold}). Immutable.
 *
 * @param classNames class names in output order, e.g. {@code [D00, D10, D20, D40]}
 * @param inputSize side of the square model input, px
 * @param threshold default minimum class probability for a detection, 0..1
 * @param nmsThreshold IoU above which a lower-scored box of the same class is suppressed, 0..1
 */
public record ModelSpec(List<String> classNames, int inputSize, double threshold,
    double nmsThreshold) {

  /** Name of the class list file. */
  public static final String SYNSET = "synset.txt";
  /** Name of the serving defaults file. */
  public static final String SERVING_PROPERTIES = "serving.properties";

  public ModelSpec {
    classNames = List.copyOf(classNames);
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("the model has no classes");
    }
    if (inputSize < 32) {
      throw new IllegalArgumentException("input size too small: " + inputSize);
    }
    checkUnit("threshold", threshold);
    checkUnit("nmsThreshold", nmsThreshold);
  }

  static void checkUnit(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in 0..1: " + v);
    }
  }

  /**
   * Reads {@code synset.txt} and {@code serving.properties} from a model directory. Missing
   * serving keys take the defaults 320, 0.25 and 0.5.
   *
   * @throws IOException when a file is missing or unreadable
   * @throws IllegalArgumentException when a value is malformed (the message names file and key)
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
    return new ModelSpec(names, width, number(p, "threshold", 0.25),
        number(p, "nmsThreshold", 0.5));
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
}
