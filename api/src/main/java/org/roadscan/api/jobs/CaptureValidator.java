package org.roadscan.api.jobs;

import org.roadscan.detector.CaptureException;

/**
 * A cheap check of an uploaded image made before it is accepted, so the client hears about a photo
 * without GPS (or similar) synchronously instead of through a failed job. Reads metadata only: no
 * decoding, no inference.
 *
 * <p>Implementations are thread-safe and may block (file parsing); the service calls them on its
 * I/O worker executor, never on an event loop. The production implementation wraps the detector's
 * metadata reader.
 */
@FunctionalInterface
public interface CaptureValidator {

  /** Accepts every image; the worker's full analysis still refuses unusable ones. */
  CaptureValidator NONE = imageBytes -> { };

  /**
   * @throws CaptureException naming the reason and the tag at fault (e.g. {@code GPSLatitude})
   */
  void check(byte[] imageBytes) throws CaptureException;
}
