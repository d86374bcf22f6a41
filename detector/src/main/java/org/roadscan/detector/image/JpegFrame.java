package org.roadscan.detector.image;

import java.util.Optional;

/**
 * The stored size of a JPEG, read from its frame header (SOF) without decoding anything: enough to
 * choose a decoding scale before the decoder runs. The size is as stored, before the EXIF
 * orientation turns the image.
 *
 * @param width stored width, px
 * @param height stored height, px
 */
public record JpegFrame(int width, int height) {

  /**
   * Walks the marker segments from the start of image to the first frame header.
   *
   * @return the frame size; empty when the bytes are not a JPEG, or are cut or malformed before a
   *     frame header (the decoder then reports the problem)
   */
  public static Optional<JpegFrame> read(byte[] jpeg) {
    if (jpeg == null || jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      return Optional.empty();
    }
    int i = 2;
    while (i + 4 <= jpeg.length) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        return Optional.empty();
      }
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
        i += 2; // markers without a length
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        return Optional.empty(); // end of image or scan data before any frame header
      }
      int length = (jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF;
      if (length < 2) {
        return Optional.empty();
      }
      if (isFrameHeader(marker)) {
        if (i + 9 > jpeg.length) {
          return Optional.empty();
        }
        int height = (jpeg[i + 5] & 0xFF) << 8 | jpeg[i + 6] & 0xFF;
        int width = (jpeg[i + 7] & 0xFF) << 8 | jpeg[i + 8] & 0xFF;
        return width > 0 && height > 0 ? Optional.of(new JpegFrame(width, height))
            : Optional.empty();
      }
      i += 2 + length;
    }
    return Optional.empty();
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isFrameHeader(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }
}
