package org.roadscan.detector.image;

import java.util.Optional;

/** The image container formats we recognise by their leading magic bytes. */
public enum ImageFormat {
  /** JFIF/EXIF JPEG: starts with {@code FF D8 FF}. */
  JPEG,
  /** PNG: starts with {@code 89 'P' 'N' 'G' 0D 0A 1A 0A}. */
  PNG;

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  /**
   * Recognises the format from the first bytes, ignoring any file name or declared type.
   *
   * @return the format, or empty when the bytes are none of ours (or fewer than the magic)
   */
  public static Optional<ImageFormat> sniff(byte[] bytes) {
    if (bytes == null) {
      return Optional.empty();
    }
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8
        && (bytes[2] & 0xff) == 0xFF) {
      return Optional.of(JPEG);
    }
    if (bytes.length >= PNG_MAGIC.length) {
      for (int i = 0; i < PNG_MAGIC.length; i++) {
        if (bytes[i] != PNG_MAGIC[i]) {
          return Optional.empty();
        }
      }
      return Optional.of(PNG);
    }
    return Optional.empty();
  }
}
