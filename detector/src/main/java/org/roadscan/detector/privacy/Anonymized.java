package org.roadscan.detector.privacy;

/**
 * An anonymised capture: the JPEG to store in place of the original, and the record issue #31
 * asks for per capture. Immutable (the array is the caller's once returned; do not share it).
 *
 * @param jpeg the blurred image, re-encoded as a baseline JPEG with no EXIF, XMP or other metadata
 *     (OpenCV writes only a JFIF header); upright as decoded
 * @param faces faces blurred
 * @param plates number plates blurred
 * @param detectorVersion models and blur version, {@link Anonymizer#detectorVersion()}
 * @param sourceSha256 SHA-256 (lower-case hex) of the original bytes, taken before blurring, for
 *     idempotent uploads; the original bytes themselves are never kept
 */
public record Anonymized(byte[] jpeg, int faces, int plates, String detectorVersion,
    String sourceSha256) {

  public Anonymized {
    if (jpeg == null || jpeg.length == 0 || faces < 0 || plates < 0 || detectorVersion == null
        || sourceSha256 == null || sourceSha256.length() != 64) {
      throw new IllegalArgumentException("invalid anonymisation result");
    }
  }

  /** Regions blurred in all. */
  public int regions() {
    return faces + plates;
  }
}
