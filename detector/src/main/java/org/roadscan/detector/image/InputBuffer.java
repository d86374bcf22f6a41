package org.roadscan.detector.image;

/**
 * One thread's reusable arrays for square model inputs: the canvas's BGR bytes and the planar
 * RGB floats made from them. A worker fills the same arrays for every image instead of allocating
 * 1.5 MB per 320 px input. Not thread-safe: one per worker.
 *
 * @param size side of the square input, px
 * @param pixels {@code 3 * size * size} bytes, interleaved BGR
 * @param input {@code 3 * size * size} floats, planar RGB
 */
public record InputBuffer(int size, byte[] pixels, float[] input) {

  public InputBuffer {
    if (size < 1 || pixels.length != 3 * size * size || input.length != 3 * size * size) {
      throw new IllegalArgumentException("arrays must hold 3 x " + size + " x " + size + " values");
    }
  }

  /** New arrays for a {@code size} x {@code size} input. */
  public static InputBuffer of(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1: " + size);
    }
    return new InputBuffer(size, new byte[3 * size * size], new float[3 * size * size]);
  }
}
