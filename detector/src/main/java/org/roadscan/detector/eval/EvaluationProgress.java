package org.roadscan.detector.eval;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress of a long evaluation: at most one line per interval on the error stream, with the
 * images done, the rate and the time left at that rate. A run shorter than one interval prints
 * nothing, and the last image prints nothing (the report follows it). Not thread-safe.
 */
final class EvaluationProgress {

  /** How often a line is printed at most. */
  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final PrintStream err;
  private final int total;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private final long start;
  private long lastLine;

  /**
   * @param err where the lines go
   * @param total the number of images to evaluate
   * @param nanoClock the time in nanoseconds ({@code System::nanoTime})
   * @param intervalNanos the least time between two lines
   */
  EvaluationProgress(PrintStream err, int total, LongSupplier nanoClock, long intervalNanos) {
    this.err = err;
    this.total = total;
    this.nanoClock = nanoClock;
    this.intervalNanos = intervalNanos;
    this.start = nanoClock.getAsLong();
    this.lastLine = start;
  }

  /** Reports that {@code done} of the images are evaluated. */
  void imagesDone(int done) {
    long now = nanoClock.getAsLong();
    if (done >= total || now - lastLine < intervalNanos) {
      return;
    }
    lastLine = now;
    double perSecond = done / ((now - start) / 1e9);
    long secondsLeft = perSecond > 0 ? Math.round((total - done) / perSecond) : -1;
    err.printf(Locale.ROOT, "evaluate: %d of %d images (%d %%), %.1f images/s, %s%n", done,
        total, done * 100L / total, perSecond,
        secondsLeft < 0 ? "time left unknown" : "about " + duration(secondsLeft) + " left");
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }
}
