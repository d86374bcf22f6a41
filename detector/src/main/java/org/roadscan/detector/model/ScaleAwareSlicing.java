package org.roadscan.detector.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.roadscan.detector.image.Tile;

/**
 * Tiles a frame whose ground sample distance is known (a georeferenced drone photo) so that the
 * model sees the ground at the scale it learned drone imagery at, within a pass budget.
 *
 * <p>Fixed tiling ({@link Slicing#DEFAULT}) cuts 1280 px tiles and shrinks each to the 320 px
 * input: a 20 MP frame from 30 m (about 0.8 cm of ground per pixel) reaches the model at about
 * 3.3 cm per input pixel, four times coarser than the nadir drone photos it was trained on
 * (RDD2022 China_Drone: about 0.5 cm per pixel at 512 px, 0.8 cm per input pixel at 320 px), and
 * hairline cracks vanish. Here the tile side is {@code inputSize × groundSampleM / frameGsdM}
 * source pixels: at 0.8 cm per pixel a 320 px tile, unshrunk; at 0.5 cm a 512 px tile, shrunk as
 * in training. A tile is never smaller than half the input (at most 2× upsampling, for frames
 * from high up). When that grid (tiles overlapping by a fifth, plus one pass over the whole
 * frame) would take more than {@code maxPasses} forward passes, the tiles grow by 10 % steps until
 * it fits: speed first, then scale as fine as the budget allows.
 *
 * <p>Model-specific: {@code serving.properties} holds {@value #GROUND_SAMPLE_KEY} (metres of ground
 * per input pixel the model learned drone imagery at) and optionally {@value #MAX_PASSES_KEY}; a
 * model directory without the first has no scale-aware tiling. Immutable.
 *
 * @param groundSampleM metres of ground per model-input pixel the model learned, e.g. 0.008
 * @param maxPasses most forward passes one frame may take
 */
public record ScaleAwareSlicing(double groundSampleM, int maxPasses) {

  /** The {@code serving.properties} key of {@link #groundSampleM()}. */
  public static final String GROUND_SAMPLE_KEY = "groundSampleM";
  /** The {@code serving.properties} key of {@link #maxPasses()}. */
  public static final String MAX_PASSES_KEY = "maxPasses";
  /**
   * Default pass budget: 36 passes of about 30 ms per worker thread on the 2-core reference
   * machine, plus a full 20 MP decode (about 0.3 s), keep a frame within 1.5 s.
   */
  public static final int DEFAULT_MAX_PASSES = 36;

  public ScaleAwareSlicing {
    if (!(groundSampleM > 0 && groundSampleM < 1)) {
      throw new IllegalArgumentException(GROUND_SAMPLE_KEY + " must be in (0, 1) metres, got "
          + groundSampleM);
    }
    if (maxPasses < 2) {
      throw new IllegalArgumentException(MAX_PASSES_KEY + " must be at least 2, got " + maxPasses);
    }
  }

  /**
   * The scale-aware slicing of a model directory, or empty when its {@code serving.properties}
   * has no {@value #GROUND_SAMPLE_KEY}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when a value is not a number or out of range
   */
  public static Optional<ScaleAwareSlicing> read(Path modelDir) throws IOException {
    Path serving = modelDir.resolve(ModelSpec.SERVING_PROPERTIES);
    if (!Files.exists(serving)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(serving, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    String gsd = p.getProperty(GROUND_SAMPLE_KEY);
    if (gsd == null || gsd.isBlank()) {
      return Optional.empty();
    }
    String passes = p.getProperty(MAX_PASSES_KEY, String.valueOf(DEFAULT_MAX_PASSES));
    try {
      return Optional.of(new ScaleAwareSlicing(Double.parseDouble(gsd.strip()),
          Integer.parseInt(passes.strip())));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ModelSpec.SERVING_PROPERTIES + ": " + GROUND_SAMPLE_KEY
          + " or " + MAX_PASSES_KEY + " is not a number", e);
    }
  }

  /**
   * The slicing of one frame.
   *
   * @param widthPx frame width, px
   * @param heightPx frame height, px
   * @param frameGroundSampleM metres of ground per frame pixel at its centre
   * @param inputSize the model's input side, px
   */
  public Slicing slicingFor(int widthPx, int heightPx, double frameGroundSampleM, int inputSize) {
    if (!(frameGroundSampleM > 0) || widthPx < 1 || heightPx < 1) {
      throw new IllegalArgumentException("need a positive frame size and ground sample, got "
          + widthPx + " x " + heightPx + " px at " + frameGroundSampleM + " m");
    }
    int longSide = Math.max(widthPx, heightPx);
    int side = (int) Math.round(inputSize * groundSampleM / frameGroundSampleM);
    side = Math.max(side, Math.max(32, inputSize / 2));
    while (side < longSide && passes(widthPx, heightPx, side) > maxPasses) {
      side = (int) Math.ceil(side * 1.1);
    }
    if (side >= longSide) {
      // the whole frame is one tile: one letterboxed pass
      return new Slicing(Math.max(32, longSide), Math.max(32, longSide) / 5, false, longSide);
    }
    return new Slicing(side, side / 5, true, side);
  }

  /** Forward passes of a frame tiled at {@code side}: the tiles plus the full-frame pass. */
  public static int passes(int widthPx, int heightPx, int side) {
    return Tile.grid(widthPx, heightPx, side, side / 5).size() + 1;
  }
}
