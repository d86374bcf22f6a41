package org.roadscan.detector;

import org.roadscan.detector.image.PixelLimit;

/**
 * An image whose frame header declares more pixels than {@link PixelLimit} allows: refused before
 * any decoder runs, because decoding allocates by the declared size, not by the bytes sent (a
 * 700-byte JPEG can declare 60000 × 60000 px, 3.6 gigapixels).
 */
public final class TooManyPixelsException extends CaptureException {

  private final int widthPx;
  private final int heightPx;
  private final long maxPixels;

  public TooManyPixelsException(int widthPx, int heightPx, long maxPixels) {
    super(Reason.TOO_MANY_PIXELS, "image", "the image declares " + widthPx + " x " + heightPx
        + " px (" + megapixels((long) widthPx * heightPx) + " MP); the limit is "
        + megapixels(maxPixels) + " MP");
    this.widthPx = widthPx;
    this.heightPx = heightPx;
    this.maxPixels = maxPixels;
  }

  /** Declared width, px. */
  public int widthPx() {
    return widthPx;
  }

  /** Declared height, px. */
  public int heightPx() {
    return heightPx;
  }

  /** The limit that refused it, pixels. */
  public long maxPixels() {
    return maxPixels;
  }

  /** Pixels as megapixels (10^6 px) with one decimal. */
  static String megapixels(long pixels) {
    return String.format(java.util.Locale.ROOT, "%.1f", pixels / 1e6);
  }
}
