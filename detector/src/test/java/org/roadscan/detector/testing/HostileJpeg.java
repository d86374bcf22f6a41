package org.roadscan.detector.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Hostile JPEG files built byte by byte for tests: pixel bombs, lying and malformed headers, files
 * cut short or stuffed with metadata segments. Nothing here is a valid photo unless it says so.
 */
public final class HostileJpeg {

  private HostileJpeg() {
  }

  /**
   * A tiny baseline JPEG (about 700 bytes) whose frame header declares {@code widthPx × heightPx}:
   * SOI, a quantisation table, SOF0 (one grey component), the standard DC and AC luminance Huffman
   * tables, SOS and a few bytes of entropy data, EOI. A decoder that trusts the header allocates
   * the declared size; the data covers a handful of blocks.
   */
  public static byte[] pixelBomb(int widthPx, int heightPx) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
    byte[] dqt = new byte[65];
    Arrays.fill(dqt, (byte) 1);
    dqt[0] = 0; // 8-bit table 0
    segment(out, 0xDB, dqt);
    segment(out, 0xC0, new byte[] {8, (byte) (heightPx >> 8), (byte) heightPx,
        (byte) (widthPx >> 8), (byte) widthPx, 1, 1, 0x11, 0});
    segment(out, 0xC4, concat(new byte[] {0x00}, DC_BITS, DC_VALUES));
    segment(out, 0xC4, concat(new byte[] {0x10}, AC_BITS, AC_VALUES));
    segment(out, 0xDA, new byte[] {1, 1, 0x00, 0, 63, 0});
    byte[] entropy = new byte[200];
    Arrays.fill(entropy, (byte) 0x55);
    out.writeBytes(entropy);
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return out.toByteArray();
  }

  /** {@code jpeg} with its first frame header's size replaced (a header that lies). */
  public static byte[] withDeclaredSize(byte[] jpeg, int widthPx, int heightPx) {
    byte[] copy = jpeg.clone();
    int i = 2;
    while (i + 9 < copy.length) {
      int marker = copy[i + 1] & 0xFF;
      int length = (copy[i + 2] & 0xFF) << 8 | copy[i + 3] & 0xFF;
      if (marker >= 0xC0 && marker <= 0xC2) {
        copy[i + 5] = (byte) (heightPx >> 8);
        copy[i + 6] = (byte) heightPx;
        copy[i + 7] = (byte) (widthPx >> 8);
        copy[i + 8] = (byte) widthPx;
        return copy;
      }
      i += 2 + length;
    }
    throw new IllegalArgumentException("no frame header found");
  }

  /** {@code jpeg} with {@code garbage} bytes inserted right after SOI, before the next marker. */
  public static byte[] withGarbageAfterSoi(byte[] jpeg, int garbage) {
    byte[] junk = new byte[garbage];
    Arrays.fill(junk, (byte) 0x42);
    return concat(Arrays.copyOf(jpeg, 2), junk, Arrays.copyOfRange(jpeg, 2, jpeg.length));
  }

  /**
   * {@code jpeg} with {@code count} extra APP1 segments of {@code payloadBytes} each right after
   * SOI, each carrying {@code preamble} and then filler (e.g. thousands of XMP packets).
   */
  public static byte[] withApp1Segments(byte[] jpeg, String preamble, int count,
      int payloadBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Arrays.copyOf(jpeg, 2));
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) ' ');
    byte[] head = preamble.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, payload, 0, Math.min(head.length, payload.length));
    for (int n = 0; n < count; n++) {
      segment(out, 0xE1, payload);
    }
    out.writeBytes(Arrays.copyOfRange(jpeg, 2, jpeg.length));
    return out.toByteArray();
  }

  /** {@code jpeg} with one XMP APP1 segment carrying {@code packet} right after SOI. */
  public static byte[] withXmp(byte[] jpeg, String packet) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Arrays.copyOf(jpeg, 2));
    segment(out, 0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII),
        packet.getBytes(StandardCharsets.UTF_8)));
    out.writeBytes(Arrays.copyOfRange(jpeg, 2, jpeg.length));
    return out.toByteArray();
  }

  /**
   * {@code jpeg} with an EXIF APP1 segment (little-endian TIFF) right after SOI whose GPS IFD holds
   * latitude and longitude as raw rationals: pairs of unsigned 32-bit numerator and denominator,
   * so 0/0 (NaN), 1/0 (infinite), too few values or out-of-range degrees can be written.
   *
   * @param latRationals numerator, denominator, … (3 pairs for a valid D/M/S)
   * @param latRef {@code N} or {@code S} (anything else to test refusals)
   * @param latAsText writes the latitude as ASCII text ({@code "51.5"}) instead: a wrong type
   * @param loop IFD0's next-IFD offset points back at IFD0 and the GPS IFD's at itself
   */
  public static byte[] withExifGps(byte[] jpeg, long[] latRationals, String latRef,
      long[] lonRationals, String lonRef, boolean latAsText, boolean loop) {
    java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(4096)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    tiff.put(new byte[] {'I', 'I', 0x2A, 0}).putInt(8);
    int gpsIfd = 26;
    tiff.putShort((short) 1);
    entry(tiff, 0x8825, 4, 1, gpsIfd);
    tiff.putInt(loop ? 8 : 0);
    int latData = gpsIfd + 2 + 4 * 12 + 4;
    byte[] latText = "51.5\0".getBytes(StandardCharsets.US_ASCII);
    int latBytes = latAsText ? latText.length : latRationals.length * 4;
    int lonData = latData + latBytes + (latBytes % 2);
    tiff.putShort((short) 4);
    entry(tiff, 0x0001, 2, 2, ascii2(latRef));
    if (latAsText) {
      entry(tiff, 0x0002, 2, latText.length, latData);
    } else {
      entry(tiff, 0x0002, 5, latRationals.length / 2, latData);
    }
    entry(tiff, 0x0003, 2, 2, ascii2(lonRef));
    entry(tiff, 0x0004, 5, lonRationals.length / 2, lonData);
    tiff.putInt(loop ? gpsIfd : 0);
    tiff.position(latData);
    if (latAsText) {
      tiff.put(latText);
    } else {
      for (long v : latRationals) {
        tiff.putInt((int) v);
      }
    }
    tiff.position(lonData);
    for (long v : lonRationals) {
      tiff.putInt((int) v);
    }
    byte[] body = Arrays.copyOf(tiff.array(), tiff.position());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Arrays.copyOf(jpeg, 2));
    segment(out, 0xE1, concat(new byte[] {'E', 'x', 'i', 'f', 0, 0}, body));
    out.writeBytes(Arrays.copyOfRange(jpeg, 2, jpeg.length));
    return out.toByteArray();
  }

  private static void entry(java.nio.ByteBuffer tiff, int tag, int type, int count, int value) {
    tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
  }

  /** Up to two ASCII characters as an inline TIFF value (NUL-padded). */
  private static int ascii2(String text) {
    byte[] b = Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), 4);
    return b[0] & 0xFF | (b[1] & 0xFF) << 8;
  }

  /** Writes one marker segment; {@code payload} at most 65533 bytes. */
  public static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
    int length = payload.length + 2;
    if (length > 0xFFFF) {
      throw new IllegalArgumentException("segment payload too long: " + payload.length);
    }
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length});
    out.writeBytes(payload);
  }

  /** The arrays one after another. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  // ITU T.81 Annex K.3: the typical luminance tables
  private static final byte[] DC_BITS = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
  private static final byte[] DC_VALUES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  private static final byte[] AC_BITS = {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d};
  private static final byte[] AC_VALUES = acValues();

  private static byte[] acValues() {
    int[] v = {0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51,
        0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15,
        0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a,
        0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44,
        0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63,
        0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
        0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
        0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5,
        0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2,
        0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
        0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa};
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }
}
