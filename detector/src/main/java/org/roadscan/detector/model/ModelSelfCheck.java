package org.roadscan.detector.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model's known answer to a fixed input, written beside the model as {@value #FILE} by
 * {@code models/training/export.py} from PyTorch, and checked on every predictor before it serves.
 *
 * <p>Why: the inference engine itself can compute a model wrongly on some CPUs without any error.
 * DJL's libtorch 2.7.1 did so on an AVX-512 AMD EPYC with the NCHW export of RoadNet (NaN on this
 * input, a pothole at 0.56 or not at all instead of 0.63), differently with one and two threads.
 * A service that detects with such an engine fills the register with wrong damage, so it must
 * refuse to start instead.
 *
 * <p>The input is {@link #input(int)}, integer arithmetic that Python reproduces exactly. The file
 * holds the output rows ({@code x0 y0 x1 y1} in input pixels, then the class probabilities) of
 * every 25th anchor point and of each class's best one. They must agree within
 * {@value #BOX_TOLERANCE_PX} px and {@value #PROBABILITY_TOLERANCE}: a correct engine agrees to
 * about 1e-4, the faulty one was off by up to 23 px and 0.09, or NaN. Immutable, thread-safe.
 */
public final class ModelSelfCheck {

  /** File name in the model directory. */
  public static final String FILE = "selfcheck.txt";
  /** Largest allowed difference of a box coordinate, input pixels. */
  public static final double BOX_TOLERANCE_PX = 0.5;
  /** Largest allowed difference of a class probability. */
  public static final double PROBABILITY_TOLERANCE = 0.005;

  private final Path file;
  private final int columns;
  private final int[] anchors;
  private final float[][] expected;

  private ModelSelfCheck(Path file, int columns, int[] anchors, float[][] expected) {
    this.file = file;
    this.columns = columns;
    this.anchors = anchors;
    this.expected = expected;
  }

  /**
   * The fixed input: planar RGB {@code [3, size, size]}, the value at channel c, row y, column x
   * being {@code ((37 x + 91 y + 53 c) mod 251) / 250}.
   */
  public static float[] input(int size) {
    float[] in = new float[3 * size * size];
    int i = 0;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          in[i++] = ((37 * x + 91 * y + 53 * c) % 251) / 250f;
        }
      }
    }
    return in;
  }

  /**
   * Reads {@value #FILE} from a model directory.
   *
   * @param inputSize the model's input side, px; the file must be for this size
   * @param columns values per anchor point, {@code 4 + classes}
   * @return empty when the directory has no such file (a model exported before it existed)
   * @throws InferenceException when the file is malformed or for another input size or class
   *     count, naming the line
   */
  public static Optional<ModelSelfCheck> read(Path modelDir, int inputSize, int columns) {
    Path file = modelDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InferenceException("cannot read " + file, e);
    }
    Integer size = null;
    List<Integer> anchors = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      try {
        if (f[0].equals("size") && f.length == 2) {
          size = Integer.parseInt(f[1]);
          continue;
        }
        if (f.length != columns + 1) {
          throw new InferenceException(file + " line " + (n + 1) + ": expected an anchor index and "
              + columns + " values, got " + f.length + " fields");
        }
        int anchor = Integer.parseInt(f[0]);
        if (anchor < 0) {
          throw new NumberFormatException("negative anchor " + anchor);
        }
        float[] row = new float[columns];
        for (int k = 0; k < columns; k++) {
          row[k] = Float.parseFloat(f[k + 1]);
        }
        anchors.add(anchor);
        rows.add(row);
      } catch (NumberFormatException e) {
        throw new InferenceException(file + " line " + (n + 1) + ": not a number: " + line, e);
      }
    }
    if (size == null || size != inputSize) {
      throw new InferenceException(file + " is for input size " + size + ", the model's is "
          + inputSize);
    }
    if (rows.isEmpty()) {
      throw new InferenceException(file + " holds no anchor rows");
    }
    return Optional.of(new ModelSelfCheck(file, columns,
        anchors.stream().mapToInt(Integer::intValue).toArray(), rows.toArray(new float[0][])));
  }

  /** Number of anchor rows compared. */
  public int rows() {
    return anchors.length;
  }

  /**
   * Compares the engine's output for {@link #input(int)} with the expected rows.
   *
   * @param output the model's output {@code [A, columns]} row-major
   * @throws InferenceException naming the worst value when one is out of tolerance or not a
   *     number
   */
  public void verify(float[] output) {
    int worstAnchor = -1;
    int worstColumn = -1;
    double worstExcess = 0;
    for (int r = 0; r < anchors.length; r++) {
      int base = anchors[r] * columns;
      if (base + columns > output.length) {
        throw new InferenceException(file + ": anchor " + anchors[r] + " is outside the model's "
            + output.length / columns + " anchor points");
      }
      for (int k = 0; k < columns; k++) {
        double tolerance = k < 4 ? BOX_TOLERANCE_PX : PROBABILITY_TOLERANCE;
        double diff = Math.abs(output[base + k] - expected[r][k]);
        double excess = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / tolerance;
        if (excess > 1 && excess > worstExcess) {
          worstExcess = excess;
          worstAnchor = r;
          worstColumn = k;
        }
      }
    }
    if (worstAnchor >= 0) {
      int a = anchors[worstAnchor];
      throw new InferenceException(String.format(Locale.ROOT,
          "model self-check failed: for the reference input the inference engine gives %s at"
              + " anchor %d, column %d, where PyTorch gave %s (tolerance %s px for boxes, %s for"
              + " probabilities; %s). The engine computes this model wrongly on this machine, so"
              + " the service will not detect with it; see MODEL_CARD.md, 'Java and Python agree'",
          output[a * columns + worstColumn], a, worstColumn, expected[worstAnchor][worstColumn],
          BOX_TOLERANCE_PX, PROBABILITY_TOLERANCE, file));
    }
  }
}
