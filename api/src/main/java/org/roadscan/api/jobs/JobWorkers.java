package org.roadscan.api.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.roadscan.api.capture.CaptureContextJson;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.metrics.ServiceMetrics;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.register.PgDamageRegister;
import org.roadscan.api.register.RegisterBatcher;
import org.roadscan.api.retention.PgRetention;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.CaptureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N inference workers pulling jobs from the {@link PgJobQueue}. Each worker slot loops: claim →
 * read the image and analyse it on the inference {@link WorkerExecutor} (blocking) → register the
 * capture, its observations, the damages its ground coverage ({@link CaptureAnalysis#coverage()})
 * shows without them, and the {@code done} mark in one transaction (shared with the captures
 * other slots finished meanwhile, {@link RegisterBatcher}) while the slot claims again, until the
 * queue is empty. Idle slots are woken by a local event-bus message on {@link #QUEUED_ADDRESS}
 * (sent when an upload is accepted), by {@link #wake()} (which the service calls for each {@link
 * PgJobNotifications} notification: a job queued by any replica) and by a fallback poll every
 * {@value #POLL_INTERVAL_MS} ms. Each analysis runs under a time budget ({@link
 * InferenceBudget}): a job over it is failed with {@code analysis-timeout}, and its late result, if
 * any, is discarded.
 *
 * <p>Several replicas share the queue (issue #32): each claimed job is leased to this process
 * ({@link JobLease}); a heartbeat every {@link JobLease#heartbeatMs()} renews the leases of its
 * running jobs and requeues jobs of any replica whose lease expired (a replica killed mid-job). A
 * result is written only while the claim is still this process's; one that lost its lease is
 * logged and dropped (the replica that took the job over writes its own). A graceful stop releases
 * the jobs it could not finish in time, so other replicas take them at once.
 *
 * <p>Confined to the event loop of the verticle that created it: call every method from there.
 */
public final class JobWorkers {

  /** Local event-bus address: a message (any body) means "jobs were queued". */
  public static final String QUEUED_ADDRESS = "roadscan.jobs.queued";
  /**
   * Local event-bus address: a message (the job id) means "a job was done or failed", so that
   * listeners such as a survey's event stream look at once instead of at their next poll.
   */
  public static final String FINISHED_ADDRESS = "roadscan.jobs.finished";
  /**
   * Fallback poll, milliseconds: the longest a job waits when no wake-up reaches this process (a
   * notification lost while the LISTEN connection was down).
   */
  public static final long POLL_INTERVAL_MS = 10_000;
  /** The default analysis budget ({@code ROADSCAN_INFERENCE_BUDGET_S}), milliseconds. */
  public static final long DEFAULT_BUDGET_MS = 120_000;

  private static final Logger LOG = LoggerFactory.getLogger(JobWorkers.class);

  /** Dependencies of the workers. */
  public record Services(Pool pool, PgJobQueue queue, PgDamageRegister register,
      ImageStore images, CaptureAnalyzer analyzer, WorkerExecutor inferenceExecutor,
      ServiceMetrics metrics) {
  }

  private record Outcome(CaptureAnalysis analysis, CaptureException refused, long analysedNanos) {
  }

  private final Vertx vertx;
  private final Services services;
  private final int slots;
  /** True while another lane (the fire brigade feed) wants its cores; see {@link #yieldTo}. */
  private BooleanSupplier otherLaneBusy = () -> false;
  private int slotsWhileOtherBusy;
  private final Promise<Void> idle = Promise.promise();
  private final RegisterBatcher batcher;
  private final InferenceBudget budget;
  private final JobLease lease;
  /** Registrations in flight above which a slot waits for its own before claiming again. */
  private final int maxRegistering;

  private int active;
  /** Registrations handed to the batcher and not yet committed or failed. */
  private int registering;
  /** Incremented by every wake-up; a slot that found nothing exits only if none came meanwhile. */
  private long wakeGeneration;
  private boolean stopping;
  private long pollTimer = -1;
  private long heartbeatTimer = -1;
  /** True while a heartbeat's statements run: a slow database never stacks them up. */
  private boolean beating;
  private MessageConsumer<Object> consumer;

  /**
   * @param budgetMs the time one analysis may take ({@link InferenceBudget}); a job over it is
   *     failed with {@code analysis-timeout}
   * @param lease this process's claims: who, and for how long
   */
  public JobWorkers(Vertx vertx, Services services, int slots, long budgetMs, JobLease lease) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1: " + slots);
    }
    this.budget = new InferenceBudget(vertx, services.inferenceExecutor(), budgetMs);
    this.vertx = vertx;
    this.services = services;
    this.slots = slots;
    this.batcher = new RegisterBatcher(services.pool(), services.register());
    this.maxRegistering = 2 * slots;
    this.lease = lease;
  }

  /**
   * Gives cores to a latency-bound lane (issue #28): while {@code busy} says it is active, at most
   * {@code slotsWhileBusy} slots claim jobs (a running job finishes; a slot above the limit does
   * not claim its next one), so that the lane's threads are not slowed by more CPU-bound survey
   * threads than there are cores left. Slots come back at the next wake-up or poll after the lane
   * went quiet. Call before {@link #start()}.
   */
  public void yieldTo(BooleanSupplier busy, int slotsWhileBusy) {
    this.otherLaneBusy = busy;
    this.slotsWhileOtherBusy = Math.max(1, Math.min(slots, slotsWhileBusy));
  }

  /** Slots that may claim now. */
  private int allowedSlots() {
    return otherLaneBusy.getAsBoolean() ? slotsWhileOtherBusy : slots;
  }

  /**
   * Starts listening for local wake-ups, the fallback poll and the heartbeat, and drains what is
   * already queued.
   */
  public void start() {
    consumer = vertx.eventBus().localConsumer(QUEUED_ADDRESS, message -> wake());
    pollTimer = vertx.setPeriodic(POLL_INTERVAL_MS, id -> wake());
    heartbeatTimer = vertx.setPeriodic(lease.heartbeatMs(), id -> heartbeat());
    wake();
  }

  /**
   * Renews the leases of this process's running jobs, then requeues the jobs of any replica whose
   * lease expired (and wakes the slots: the trigger's notification reaches the other replicas).
   */
  private void heartbeat() {
    if (beating) {
      return;
    }
    beating = true;
    services.queue().renewLeases(lease.claimer(), lease.leaseMs())
        .compose(renewed -> services.queue().requeueExpired())
        .onSuccess(requeued -> {
          if (requeued > 0) {
            LOG.warn("requeued {} job(s) whose lease expired (their replica stopped renewing"
                + " it)", requeued);
            services.metrics().jobsRequeued("expired", requeued);
            wake();
          }
        })
        .onFailure(err -> LOG.warn("job lease heartbeat failed ({}); leases last {} ms",
            err.getMessage(), lease.leaseMs()))
        .onComplete(done -> beating = false);
  }

  /** Starts idle slots; each claims jobs until the queue is empty. */
  public void wake() {
    wakeGeneration++;
    while (!stopping && active < allowedSlots()) {
      active++;
      runSlot();
    }
  }

  /**
   * Stops claiming and waits for running analyses and registrations to finish, at most {@code
   * timeoutMs} (leases are renewed meanwhile). Jobs still running after that are released: put
   * back in the queue for the other replicas (or this one's next start), and their results, if they
   * come, dropped.
   */
  public Future<Void> stop(long timeoutMs) {
    stopping = true;
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    completeIdleWhenStopped();
    return unregistered.compose(v -> idle.future().timeout(timeoutMs, TimeUnit.MILLISECONDS))
        .recover(err -> {
          LOG.warn("{} job(s) still running and {} registering after {} ms; releasing them",
              active, registering, timeoutMs);
          return Future.succeededFuture();
        })
        .compose(v -> {
          if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
          }
          return services.queue().release(lease.claimer());
        })
        .<Void>map(released -> {
          if (released > 0) {
            LOG.info("released {} unfinished job(s) to the queue", released);
            services.metrics().jobsRequeued("released", released);
          }
          return null;
        })
        .recover(err -> {
          LOG.warn("could not release unfinished jobs ({}); they are requeued when their lease"
              + " expires", err.getMessage());
          return Future.succeededFuture();
        });
  }

  private void runSlot() {
    long generation = wakeGeneration;
    services.queue().claimNext(lease.claimer(), lease.leaseMs())
        .compose(claimed -> claimed.isEmpty() ? Future.succeededFuture(false)
            : process(claimed.get()).map(true))
        .onComplete(result -> {
          if (result.failed()) {
            LOG.warn("job worker could not claim a job; retrying at the next poll",
                result.cause());
          }
          boolean again = result.succeeded() && (result.result() || generation != wakeGeneration);
          if (again && !stopping && active <= allowedSlots()) {
            runSlot();
          } else {
            active--;
            completeIdleWhenStopped();
          }
        });
  }

  /**
   * Analyses the job, then hands its registration to the {@link RegisterBatcher} and returns, so
   * that the slot's inference thread goes on to the next job while PostgreSQL registers this one
   * (measured: with the slot waiting for its registration the inference threads idled about a
   * fifth of the time). When more than {@link #maxRegistering} registrations are in flight (a slow
   * database), the slot waits for its own.
   */
  private Future<Void> process(Job job) {
    return budget.run(() -> analyze(job))
        .compose(outcome -> {
          if (outcome.refused() != null) {
            LOG.info("job {} ({}) refused: {}", job.id(), job.fileName(),
                outcome.refused().getMessage());
            return services.queue().markFailed(job.id(), lease.claimer(),
                Problem.of(outcome.refused()).with("fileName", job.fileName()))
                .compose(written -> finished(job, written, "refused"));
          }
          Future<Void> registered = register(job, outcome);
          return registering > maxRegistering ? registered : Future.succeededFuture();
        })
        .recover(err -> err instanceof InferenceBudget.Exceeded exceeded
            ? timedOut(job, exceeded) : failed(job, err));
  }

  /**
   * Counts and announces a job's end ({@code outcome}), or logs that its claim was lost and
   * nothing was written.
   */
  private Future<Void> finished(Job job, boolean written, String outcome) {
    if (written) {
      services.metrics().jobFinished(outcome);
      announceFinished(job);
    } else {
      lostClaim(job);
    }
    return Future.succeededFuture();
  }

  private void lostClaim(Job job) {
    LOG.warn("job {} ({}): its claim is no longer this process's (its lease expired, or it was"
        + " released at a stop) before its result was written; the result is dropped, whoever"
        + " runs the job now writes its own", job.id(), job.fileName());
    services.metrics().jobFinished("lost-lease");
  }

  /** Fails a job whose analysis overran its budget for good: another attempt would too. */
  private Future<Void> timedOut(Job job, InferenceBudget.Exceeded exceeded) {
    long budgetS = exceeded.budgetMs() / 1000;
    LOG.warn("job {} ({}) failed: analysis over its budget of {} s{}", job.id(), job.fileName(),
        budgetS, exceeded.abandoned() ? " (it did not stop; its worker thread is still busy)" : "");
    Problem problem = Problem.of(ProblemType.ANALYSIS_TIMEOUT, "the analysis of this image took"
        + " longer than its budget of " + budgetS + " s (ROADSCAN_INFERENCE_BUDGET_S) and was"
        + " stopped", null).with("fileName", job.fileName()).with("budgetS", budgetS);
    return services.queue().markFailed(job.id(), lease.claimer(), problem)
        .compose(written -> finished(job, written, "timeout"));
  }

  /** Registers the analysis with the job's {@code done} mark; a failure retries or fails it. */
  private Future<Void> register(Job job, Outcome outcome) {
    registering++;
    long registerStart = System.nanoTime();
    return batcher.submit(job.imageSha256(), outcome.analysis(),
            (tx, registered) -> services.queue().markDone(tx, job.id(), lease.claimer(),
                registered.captureId())
                .compose(v -> registered.duplicate()
                    ? PgRetention.imageStoredAgain(tx, registered.captureId())
                    : Future.succeededFuture()))
        .<Void>mapEmpty()
        .onSuccess(v -> announceFinished(job))
        .onSuccess(v -> {
          services.metrics().jobFinished("done");
          services.metrics().detections(outcome.analysis().observations().stream()
              .map(observation -> observation.detection().className()).toList(), "jobs");
        })
        .onSuccess(v -> {
          // the one line per job; its numbers are also fields of their own in JSON logs
          int observations = outcome.analysis().observations().size();
          long analysedMs = outcome.analysedNanos() / 1_000_000;
          long registeredMs = (System.nanoTime() - registerStart) / 1_000_000;
          LOG.atInfo().addKeyValue("jobId", job.id()).addKeyValue("observations", observations)
              .addKeyValue("analysedMs", analysedMs).addKeyValue("registeredMs", registeredMs)
              .log("job {} ({}) done: {} observation(s), analysed in {} ms, registered in {} ms",
                  job.id(), job.fileName(), observations, analysedMs, registeredMs);
        })
        .recover(err -> failed(job, err))
        .onComplete(done -> {
          registering--;
          completeIdleWhenStopped();
        });
  }

  private Future<Void> failed(Job job, Throwable err) {
    if (err instanceof PgJobQueue.LostClaimException) {
      lostClaim(job);
      return Future.succeededFuture();
    }
    LOG.error("job {} ({}) attempt {} failed", job.id(), job.fileName(), job.attempts(), err);
    Problem problem = Problem.of(ProblemType.ANALYSIS_FAILED,
        "the service could not analyse this image (" + err.getClass().getSimpleName()
            + "); see the server log for job " + job.id(), null)
        .with("fileName", job.fileName());
    return services.queue().retryOrFail(job.id(), lease.claimer(), problem)
        .compose(state -> finished(job, state.isPresent(), "failed"));
  }

  private void announceFinished(Job job) {
    vertx.eventBus().publish(FINISHED_ADDRESS, job.id().toString());
  }

  private void completeIdleWhenStopped() {
    if (stopping && active == 0 && registering == 0) {
      idle.tryComplete();
    }
  }

  /** Runs on the inference executor: reads the image and analyses it. Blocking. */
  private Outcome analyze(Job job) throws IOException {
    long start = System.nanoTime();
    byte[] bytes = services.images().read(job.imageSha256());
    try {
      CaptureAnalysis analysis = services.analyzer().analyze(bytes,
          CaptureContextJson.fromJson(job.context()));
      long analysedNanos = System.nanoTime() - start;
      services.metrics().inference(analysedNanos);
      return new Outcome(analysis, null, analysedNanos);
    } catch (CaptureException refused) {
      return new Outcome(null, refused, System.nanoTime() - start);
    }
  }
}
