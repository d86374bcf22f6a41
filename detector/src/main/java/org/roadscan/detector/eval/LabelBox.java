package org.roadscan.detector.eval;

import org.roadscan.detector.PixelBox;

/**
 * One labelled (ground-truth) damage. Immutable.
 *
 * @param classIndex index of the class in the model's synset
 * @param box the box in image pixels
 */
public record LabelBox(int classIndex, PixelBox box) {
  public LabelBox {
    if (classIndex < 0 || box == null) {
      throw new IllegalArgumentException("classIndex >= 0 and a box are required");
    }
  }
}
