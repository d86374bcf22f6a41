package org.roadscan.api.capture;

import org.roadscan.detector.CaptureException;
import org.roadscan.detector.privacy.Anonymized;

/**
 * Blurs faces and number plates out of an image before it is stored (issue #31); the {@link
 * ImageStore} writes nothing else. Production: {@link DetectorAnonymiser}, one shared detector
 * {@link org.roadscan.detector.privacy.Anonymizer}; narrow unit tests may pass a fake.
 *
 * <p>Implementations are thread-safe and block for the length of the work (decoding, two
 * detectors, encoding: seconds for a large frame): call them on a worker executor, never on an
 * event loop.
 */
@FunctionalInterface
public interface ImageAnonymiser {

  /**
   * @param original the image as received; hashed and read, never kept
   * @return the anonymised JPEG (no metadata, pixels upright as displayed) and its record
   * @throws CaptureException when the bytes cannot be decoded (not a JPEG, corrupt, too many
   *     pixels)
   */
  Anonymized anonymise(byte[] original) throws CaptureException;
}
