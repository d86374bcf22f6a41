package org.roadscan.api.capture;

import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.privacy.Anonymized;

/**
 * An {@link ImageAnonymiser} for work that gives way to a latency-bound lane (issue #14 with
 * #31: a crew's survey blurs while the fire brigade's frames must be answered fast). While
 * {@code busy} says the lane is active, calls go through {@code whileBusy} (the same blur on
 * fewer threads), at most {@code turnsWhileBusy} at once, the others waiting their turn in
 * order; otherwise through {@code usual}, unlimited. Thread-safe; blocks like its anonymisers.
 */
final class YieldingAnonymiser implements ImageAnonymiser {

  private final ImageAnonymiser usual;
  private final ImageAnonymiser whileBusy;
  private final BooleanSupplier busy;
  private final Semaphore turns;

  /** @param turnsWhileBusy calls at once while the lane is busy; at least 1 */
  YieldingAnonymiser(ImageAnonymiser usual, ImageAnonymiser whileBusy, BooleanSupplier busy,
      int turnsWhileBusy) {
    this.usual = usual;
    this.whileBusy = whileBusy;
    this.busy = busy;
    this.turns = new Semaphore(Math.max(1, turnsWhileBusy), true);
  }

  @Override
  public Anonymized anonymise(byte[] original) throws CaptureException {
    if (!busy.getAsBoolean()) {
      return usual.anonymise(original);
    }
    turns.acquireUninterruptibly();
    try {
      return whileBusy.anonymise(original);
    } finally {
      turns.release();
    }
  }
}
