package org.roadscan.api.capture;

import java.nio.file.Path;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.privacy.Anonymized;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.PrivacyModels;

/**
 * The production {@link ImageAnonymiser}: one detector {@link Anonymizer} shared by every caller
 * (uploads and survey images on {@code roadscan-io}, video frames on {@code roadscan-inference},
 * feed frames on {@code roadscan-feed}). The detector's anonymiser is thread-safe on its own: it
 * lends each call a face and plate network pair and loads another pair when all are busy, so no
 * caller ever waits for another's blur (the fire brigade's frames never queue behind a survey);
 * how many run at once is bounded by the threads of those executors, not here. The models are
 * loaded once, hash-checked ({@link PrivacyModels#load}), when this is made: a service whose
 * privacy models are missing or altered does not start.
 *
 * <p>Thread-safe; {@link #anonymise} blocks (decode, two detectors, encode: seconds for a 12 MP
 * photo). {@link #close()} releases the networks once no call is running.
 */
public final class DetectorAnonymiser implements ImageAnonymiser, AutoCloseable {

  private final Anonymizer anonymizer;
  private final PixelLimit pixelLimit;

  private DetectorAnonymiser(Anonymizer anonymizer, PixelLimit pixelLimit) {
    this.anonymizer = anonymizer;
    this.pixelLimit = pixelLimit;
  }

  /**
   * Loads the anonymiser from the models in {@code modelDir}. Blocking (hashes the model files
   * and loads the first network pair, about 0.1 s).
   *
   * @param pixelLimit the largest frame decoded, as for analysis ({@code ROADSCAN_MAX_PIXELS})
   * @throws org.roadscan.detector.privacy.PrivacyModelException when a model is missing, altered
   *     or cannot be loaded
   */
  public static DetectorAnonymiser load(Path modelDir, PixelLimit pixelLimit) {
    return new DetectorAnonymiser(new Anonymizer(PrivacyModels.load(modelDir)), pixelLimit);
  }

  @Override
  public Anonymized anonymise(byte[] original) throws CaptureException {
    return anonymizer.anonymize(original, pixelLimit);
  }

  @Override
  public void close() {
    anonymizer.close();
  }
}
