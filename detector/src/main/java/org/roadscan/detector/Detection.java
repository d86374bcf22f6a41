package org.roadscan.detector;

/**
 * One damage found by the model in one image, before georeferencing.
 *
 * @param className the model's class name from its {@code synset.txt} (e.g. {@code D40})
 * @param classIndex index of that class in the synset
 * @param confidence model score in 0..1
 * @param box pixel box in the original image
 */
public record Detection(String className, int classIndex, double confidence, PixelBox box) {
  public Detection {
    if (className == null || className.isBlank()) {
      throw new IllegalArgumentException("className is required");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in 0..1: " + confidence);
    }
  }
}
