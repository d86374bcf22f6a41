package org.roadscan.detector.model;

/**
 * The model could not be loaded or run: a server-side fault (missing or malformed model files,
 * engine failure), never a problem with the client's image.
 */
public class InferenceException extends RuntimeException {

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }

  public InferenceException(String message) {
    super(message);
  }
}
