package org.roadscan.detector.privacy;

import org.roadscan.detector.PixelBox;

/**
 * One face or number plate found in an image: its box in pixels of the image searched (x right,
 * y down, origin top-left), clipped to the image, and the detector's score in 0–1. Immutable.
 */
public record PrivacyRegion(Kind kind, PixelBox box, double score) {

  /** What was found. */
  public enum Kind {
    FACE, PLATE
  }

  public PrivacyRegion {
    if (kind == null || box == null || !(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("invalid region " + kind + " " + box + " " + score);
    }
  }
}
