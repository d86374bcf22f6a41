package org.roadscan.detector.model;

import org.roadscan.detector.PixelBox;

/**
 * A scored box of one class before or after suppression. The box is in whatever pixel frame the
 * producing step states (model input pixels straight out of the decoder, source pixels later).
 * Immutable.
 *
 * @param classIndex index into the synset
 * @param score class probability, 0..1
 * @param box the box, px
 */
public record Candidate(int classIndex, double score, PixelBox box) {
  public Candidate {
    if (classIndex < 0) {
      throw new IllegalArgumentException("classIndex must be >= 0: " + classIndex);
    }
    if (box == null) {
      throw new IllegalArgumentException("box is required");
    }
  }
}
