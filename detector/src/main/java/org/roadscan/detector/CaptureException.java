package org.roadscan.detector;

/**
 * A capture that cannot be analysed because of what the client sent (not because of a server
 * fault). Carries a stable machine-readable {@link Reason} and the field or tag at fault, so the
 * service can answer with a precise RFC 9457 problem.
 */
public class CaptureException extends Exception {

  /** Why the capture was refused. */
  public enum Reason {
    /** The bytes are not an image format we decode (e.g. not a JPEG). */
    UNSUPPORTED_MEDIA_TYPE,
    /** A metadata tag needed for georeferencing is absent. */
    MISSING_METADATA,
    /** A metadata tag is present but its value is unusable (NaN, out of range, above horizon...). */
    INVALID_METADATA,
    /** The image is a JPEG but cannot be decoded (truncated, corrupt). */
    CORRUPT_IMAGE,
    /**
     * The image's frame header declares more pixels than the service decodes ({@link
     * TooManyPixelsException}); nothing was decoded.
     */
    TOO_MANY_PIXELS
  }

  private final Reason reason;
  private final String field;

  public CaptureException(Reason reason, String field, String message) {
    super(message);
    this.reason = reason;
    this.field = field;
  }

  public Reason reason() {
    return reason;
  }

  /** The metadata tag or input field at fault, e.g. {@code GPSLatitude}; may be null. */
  public String field() {
    return field;
  }
}
