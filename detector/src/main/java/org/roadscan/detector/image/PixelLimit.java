package org.roadscan.detector.image;

import java.util.Optional;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.TooManyPixelsException;

/**
 * The most pixels an image may declare before anything decodes it. A decoder allocates what the
 * frame header declares (3 bytes a pixel for the BGR matrix, more for a progressive JPEG's
 * coefficients), whatever the file's size, so the header is checked first: one cheap scan of the
 * marker segments ({@link JpegFrame#read}, no decoding). Used by every path that decodes: the
 * service's upload check (photos, survey images and ZIP entries, feed frames, video frames) and
 * {@link ImageDecoder} itself, so nothing reaches the native decoder unchecked.
 *
 * <p>Real frames are 12–48 MP (DJI Mavic 3 Enterprise 20 MP, Zenmuse P1 45 MP); {@link #DEFAULT}
 * leaves room for 100 MP aerial cameras. Immutable, thread-safe.
 *
 * @param maxPixels the most pixels (width × height of the stored frame), at least 1
 */
public record PixelLimit(long maxPixels) {

  /** 100 megapixels (10^8 px). */
  public static final PixelLimit DEFAULT = ofMegapixels(100);

  public PixelLimit {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1: " + maxPixels);
    }
  }

  /** A limit in megapixels (10^6 px); fractions allowed (tests). */
  public static PixelLimit ofMegapixels(double megapixels) {
    if (!(megapixels > 0) || Double.isInfinite(megapixels)) {
      throw new IllegalArgumentException("megapixels must be > 0: " + megapixels);
    }
    return new PixelLimit(Math.max(1, Math.round(megapixels * 1e6)));
  }

  /** The limit in megapixels (10^6 px). */
  public double maxMegapixels() {
    return maxPixels / 1e6;
  }

  /**
   * Checks a JPEG's frame header.
   *
   * @return the stored frame size, within the limit
   * @throws TooManyPixelsException when the frame declares more pixels than the limit
   * @throws CaptureException CORRUPT_IMAGE ({@code image}) when no frame header can be found: what
   *     cannot be measured is not decoded
   */
  public JpegFrame check(byte[] jpeg) throws CaptureException {
    Optional<JpegFrame> frame = JpegFrame.read(jpeg);
    if (frame.isEmpty()) {
      throw new CaptureException(Reason.CORRUPT_IMAGE, ImageDecoder.FIELD,
          "the JPEG has no readable frame header (SOF) before its image data; it is cut or"
              + " corrupt");
    }
    check(frame.get().width(), frame.get().height());
    return frame.get();
  }

  /**
   * Checks a declared size.
   *
   * @throws TooManyPixelsException when {@code widthPx × heightPx} exceeds the limit
   */
  public void check(int widthPx, int heightPx) throws TooManyPixelsException {
    if ((long) widthPx * heightPx > maxPixels) {
      throw new TooManyPixelsException(widthPx, heightPx, maxPixels);
    }
  }
}
