package org.roadscan.detector.geo;

/**
 * A position in image pixels, same frame as {@link org.roadscan.detector.PixelBox}: x to the
 * right, y down, origin at the top-left corner of the top-left pixel (so the centre of pixel (0, 0)
 * is (0.5, 0.5)). Immutable.
 *
 * @param xPx pixels from the left edge
 * @param yPx pixels from the top edge
 */
public record ImagePoint(double xPx, double yPx) {
  public ImagePoint {
    if (!Double.isFinite(xPx) || !Double.isFinite(yPx)) {
      throw new IllegalArgumentException("not finite: " + xPx + ", " + yPx);
    }
  }
}
