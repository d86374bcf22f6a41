package org.roadscan.detector.privacy;

/**
 * A privacy model that is missing, altered or cannot be loaded. The service must not start
 * without its anonymiser, so this is fatal at start-up, never a per-request error.
 */
public class PrivacyModelException extends RuntimeException {

  public PrivacyModelException(String message) {
    super(message);
  }

  public PrivacyModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
