package org.roadscan.api.capture;

/**
 * The cheap first test of an upload: JPEG files start with SOI {@code FF D8} followed by a marker
 * {@code FF}. Anything else is refused before it is stored.
 */
public final class JpegSignature {

  private JpegSignature() {
  }

  public static boolean matches(byte[] bytes) {
    return bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
        && (bytes[2] & 0xff) == 0xff;
  }
}
