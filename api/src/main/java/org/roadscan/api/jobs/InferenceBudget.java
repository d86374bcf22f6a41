package org.roadscan.api.jobs;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import org.roadscan.api.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs analyses on the inference executor under a time budget (issue #30), counted from the
 * moment a thread starts the analysis.
 *
 * <p>What "stopped" means, honestly: at the budget the analysing thread is interrupted. The
 * detector checks before every model pass and gives up ({@code CancellationException}), so a
 * large frame whose many tiles take too long stops within one pass (well under a second on a
 * CPU), the predictor goes back to its pool and the thread takes the next job. A single pass
 * cannot be interrupted (libtorch has no cancel). If the analysis has not returned after a grace
 * of a quarter of the budget (at least 1 s), the job is failed all the same and the slot claims
 * the next one, but that thread and its predictor stay busy until the pass returns (logged as an
 * error); its late result is discarded, nothing of it is registered.
 *
 * <p>Either way the returned future fails with {@link Exceeded}. Use from the event loop of the
 * verticle that owns the workers.
 */
final class InferenceBudget {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceBudget.class);

  /** The analysis ran over its budget. */
  static final class Exceeded extends RuntimeException {
    private final long budgetMs;
    private final boolean abandoned;

    Exceeded(long budgetMs, boolean abandoned) {
      super("analysis over its budget of " + budgetMs + " ms"
          + (abandoned ? "; it did not stop and was abandoned" : ""), null, false, false);
      this.budgetMs = budgetMs;
      this.abandoned = abandoned;
    }

    long budgetMs() {
      return budgetMs;
    }

    /** True when the analysis did not stop within the grace and its thread is still busy. */
    boolean abandoned() {
      return abandoned;
    }
  }

  /** One analysis: its thread while it runs, and its timers. */
  private static final class Run {
    private Thread thread;
    private boolean interrupted;
    private volatile boolean ended;
    long softTimer = -1;
    long hardTimer = -1;

    synchronized void begin() {
      thread = Thread.currentThread();
    }

    /** Leaves the thread with no interrupt of ours pending: it goes back to the pool. */
    void end() {
      synchronized (this) {
        thread = null;
        ended = true;
      }
      Thread.interrupted();
    }

    synchronized boolean interrupt() {
      if (thread == null) {
        return false;
      }
      interrupted = true;
      thread.interrupt();
      return true;
    }

    synchronized boolean wasInterrupted() {
      return interrupted;
    }
  }

  private final Vertx vertx;
  private final WorkerExecutor executor;
  private final long budgetMs;
  private final long graceMs;

  InferenceBudget(Vertx vertx, WorkerExecutor executor, long budgetMs) {
    this.vertx = vertx;
    this.executor = executor;
    this.budgetMs = budgetMs;
    this.graceMs = Math.max(1000, budgetMs / 4);
  }

  /** Runs {@code task} on the executor; fails with {@link Exceeded} when it overran. */
  <T> Future<T> run(Callable<T> task) {
    Context context = vertx.getOrCreateContext();
    Run run = new Run();
    Promise<T> outcome = Promise.promise();
    executor.<T>executeBlocking(() -> {
      run.begin();
      context.runOnContext(v -> arm(run, outcome));
      try {
        return task.call();
      } finally {
        run.end();
      }
    }, false).onComplete(done -> settle(run, outcome, done));
    return outcome.future();
  }

  private void arm(Run run, Promise<?> outcome) {
    if (run.ended) {
      return;
    }
    run.softTimer = vertx.setTimer(budgetMs, id -> {
      if (run.interrupt()) {
        LOG.warn("an analysis ran over its budget of {} ms ({}); interrupting it", budgetMs,
            AppConfig.INFERENCE_BUDGET_S);
      }
    });
    run.hardTimer = vertx.setTimer(budgetMs + graceMs, id -> {
      if (!outcome.future().isComplete()) {
        LOG.error("an analysis did not stop {} ms after its budget; failing its job, its thread"
            + " stays busy until the model pass returns", graceMs);
        outcome.tryFail(new Exceeded(budgetMs, true));
      }
    });
  }

  private <T> void settle(Run run, Promise<T> outcome, AsyncResult<T> done) {
    vertx.cancelTimer(run.softTimer);
    vertx.cancelTimer(run.hardTimer);
    boolean settled = done.succeeded() ? outcome.tryComplete(done.result())
        : outcome.tryFail(run.wasInterrupted() ? new Exceeded(budgetMs, false) : done.cause());
    if (!settled) {
      LOG.warn("an abandoned analysis returned after all; its result is discarded");
    }
  }
}
