package org.roadscan.detector.image;

import java.util.Optional;

/**
 * The stored size of a JPEG, read from its frame header (SOF) without decoding anything: enough to
 * choose a decoding scale, or to refuse a pixel bomb ({@link PixelLimit}), before the decoder runs.
 * The size is as stored, before the EXIF orientation turns the image.
 *
 * <p>The marker walk follows libjpeg's ({@code jdmarker.c}), which OpenCV's decoder uses: bytes
 * between segments that are not a marker are skipped up to the next {@code FF}, fill bytes
 * ({@code FF FF}) and stuffed zeros ({@code FF 00}) are passed over, and the first frame header
 * found is the one the decoder would use. Where the walk cannot tell (a cut file, a segment length
 * below 2, a second SOI, scan data or the end before any frame header) it finds nothing, so a
 * caller that refuses what it cannot measure never lets a frame header through that the decoder
 * would read differently.
 *
 * @param width stored width, px
 * @param height stored height, px
 */
public record JpegFrame(int width, int height) {

  /** Pixels of the stored frame (width × height). */
  public long pixels() {
    return (long) width * height;
  }

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
    while (true) {
      // libjpeg's next_marker: skip anything up to an FF, then the FF fill bytes; FF 00 is data
      while (i < jpeg.length && (jpeg[i] & 0xFF) != 0xFF) {
        i++;
      }
      while (i < jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
        i++;
      }
      if (i >= jpeg.length) {
        return Optional.empty();
      }
      int marker = jpeg[i] & 0xFF;
      i++; // i is now at the segment's length, if it has one
      if (marker == 0x00 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
        continue; // stuffed zero, TEM, RSTn: no length
      }
      if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA) {
        return Optional.empty(); // a second SOI, or the end or scan data before a frame header
      }
      if (i + 2 > jpeg.length) {
        return Optional.empty();
      }
      int length = (jpeg[i] & 0xFF) << 8 | jpeg[i + 1] & 0xFF;
      if (length < 2) {
        return Optional.empty();
      }
      if (isFrameHeader(marker)) {
        if (i + 7 > jpeg.length) {
          return Optional.empty();
        }
        int height = (jpeg[i + 3] & 0xFF) << 8 | jpeg[i + 4] & 0xFF;
        int width = (jpeg[i + 5] & 0xFF) << 8 | jpeg[i + 6] & 0xFF;
        return width > 0 && height > 0 ? Optional.of(new JpegFrame(width, height))
            : Optional.empty();
      }
      i += length;
    }
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isFrameHeader(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }
}
