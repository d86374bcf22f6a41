package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Admission of new survey media, checked before a byte of them is read: refused with 503 {@code
 * queue-full} and {@code Retry-After} while the job queue holds {@code maxQueueDepth} queued jobs
 * or more, or while the data directory has less than {@code minFreeDiskBytes} free. Thread-safe.
 */
final class IntakeGate {

  /** How long a client is asked to wait, seconds: a few minutes of analysis drain the queue. */
  static final int RETRY_AFTER_S = 60;

  private final PgSurveys surveys;
  private final WorkerExecutor ioExecutor;
  private final Path dataDir;
  private final AppConfig.IntakeLimits limits;

  IntakeGate(PgSurveys surveys, WorkerExecutor ioExecutor, Path dataDir,
      AppConfig.IntakeLimits limits) {
    this.surveys = surveys;
    this.ioExecutor = ioExecutor;
    this.dataDir = dataDir;
    this.limits = limits;
  }

  /** Succeeds when new media may come; fails with the 503 problem otherwise. */
  Future<Void> check() {
    return surveys.queuedJobs(limits.maxQueueDepth()).compose(queued -> {
      if (queued >= limits.maxQueueDepth()) {
        return Future.failedFuture(full("the job queue holds " + queued + " queued jobs, the"
            + " limit (" + AppConfig.MAX_QUEUE_DEPTH + ")", "queuedJobs", queued));
      }
      return ioExecutor.executeBlocking(() -> Files.getFileStore(dataDir).getUsableSpace(), false)
          .compose(free -> free < limits.minFreeDiskBytes()
              ? Future.failedFuture(full("the data directory has " + free + " bytes free, less"
                  + " than the floor of " + limits.minFreeDiskBytes() + " ("
                  + AppConfig.MIN_FREE_DISK_MB + ")", "freeDiskBytes", free))
              : Future.succeededFuture());
    });
  }

  private static ProblemException full(String why, String member, long value) {
    return new ProblemException(Problem.of(ProblemType.QUEUE_FULL, why + "; send the media again"
        + " in " + RETRY_AFTER_S + " s", null).with(member, value)
        .with("retryAfterS", RETRY_AFTER_S));
  }
}
