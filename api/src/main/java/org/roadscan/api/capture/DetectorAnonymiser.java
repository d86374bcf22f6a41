package org.roadscan.api.capture;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.privacy.Anonymized;
import org.roadscan.detector.privacy.Anonymizer;
import org.roadscan.detector.privacy.PrivacyModels;

/**
 * The production {@link ImageAnonymiser}: one detector {@link Anonymizer} shared by every caller
 * (uploads and survey images on {@code roadscan-io}, video frames on {@code roadscan-inference},
 * feed frames on {@code roadscan-feed}). The detector's anonymiser is thread-safe on its own: it
 * lends each call a face and plate network pair and loads another pair when all are busy, so the
 * fire brigade's frames never queue behind a survey's blur; while the lane is active, survey work
 * blurs through {@link #yieldingTo}, one thread and few at a time, so that it leaves the lane
 * its cores. The models are
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

  /**
   * This anonymiser as seen by work that must leave cores to a latency-bound lane (issue #14: the
   * fire brigade is never stuck behind a crew's survey): while {@code busy} says the lane is
   * active, at most {@code blursWhileBusy} of its calls run at once, each on one thread (its
   * plate network not beside its face network); the others wait their turn, in order. Otherwise
   * it is this anonymiser. The lane itself uses this anonymiser directly.
   */
  public ImageAnonymiser yieldingTo(BooleanSupplier busy, int blursWhileBusy) {
    return new YieldingAnonymiser(this,
        original -> anonymizer.anonymize(original, pixelLimit, true), busy, blursWhileBusy);
  }

  @Override
  public void close() {
    anonymizer.close();
  }
}
