package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.roadscan.api.capture.CaptureValidator;
import org.roadscan.api.capture.CaptureContextJson;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.capture.JpegSignature;
import org.roadscan.api.jobs.JobLease;
import org.roadscan.api.jobs.JobWorkers;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.CaptureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands queued survey videos into frame jobs, one video at a time per process: claim ({@link
 * PgSurveyMedia#claimNext}) → find the last frame already queued or refused → {@link
 * VideoFrames#expand} on the worker executor (blocking), whose frames are checked ({@link
 * CaptureValidator}), stored in the {@link ImageStore} and queued with a unique (media, index), so
 * a restart resumes after the last queued frame and never queues one twice → done; a {@link
 * ProblemException} from the decoder fails the video with it, another fault retries it. Woken by
 * {@link #QUEUED_ADDRESS} (an upload inserted a video) and a periodic poll.
 *
 * <p>Several replicas share the videos (issue #32), as they share jobs: a claimed video is leased
 * to this process ({@link JobLease}, the jobs' claimer and lease length); a heartbeat every {@link
 * JobLease#heartbeatMs()} renews the leases of the video it expands and requeues videos of any
 * replica whose lease expired (a replica killed mid-video). Frames are queued, and the video
 * finished, only while the claim is still this process's: one that lost its lease stops expanding
 * at its next frame and writes nothing more (the replica that took the video over resumes after
 * the last frame queued; a frame is queued at most once per (media, index) in any case). A
 * graceful stop releases the video it could not finish in time, so another replica resumes it at
 * once.
 *
 * <p>Confined to the event loop of the verticle that created it, except the frame consumer, which
 * runs on the expanding worker thread.
 */
public final class MediaExpansion {

  /** Local event-bus address: a message means "a video was queued". */
  public static final String QUEUED_ADDRESS = "roadscan.media.queued";
  public static final long POLL_INTERVAL_MS = 2000;
  /** Longest wait of the frame consumer for PostgreSQL, seconds. */
  private static final long DB_WAIT_S = 60;

  private static final Logger LOG = LoggerFactory.getLogger(MediaExpansion.class);

  /** What the expansion needs; {@code executor} runs the blocking decoder. */
  public record Services(PgSurveyMedia media, MediaStore store, ImageStore images,
      CaptureValidator validator, VideoFrames frames, WorkerExecutor executor) {
  }

  private final Vertx vertx;
  private final Services services;
  private final JobLease lease;
  private final Promise<Void> idle = Promise.promise();
  private boolean running;
  private boolean wokenMeanwhile;
  private boolean stopping;
  private long pollTimer = -1;
  private long heartbeatTimer = -1;
  /** True while a heartbeat's statements run: a slow database never stacks them up. */
  private boolean beating;
  private MessageConsumer<Object> consumer;

  /** @param lease this process's claims (the jobs' claimer and lease length) */
  public MediaExpansion(Vertx vertx, Services services, JobLease lease) {
    this.vertx = vertx;
    this.services = services;
    this.lease = lease;
  }

  /** Starts the wake-ups, the poll and the lease heartbeat, and expands what is queued. */
  public void start() {
    consumer = vertx.eventBus().localConsumer(QUEUED_ADDRESS, message -> wake());
    pollTimer = vertx.setPeriodic(POLL_INTERVAL_MS, id -> wake());
    heartbeatTimer = vertx.setPeriodic(lease.heartbeatMs(), id -> heartbeat());
    wake();
  }

  /**
   * Renews the lease of the video this process expands, then requeues the videos of any replica
   * whose lease expired.
   */
  private void heartbeat() {
    if (beating) {
      return;
    }
    beating = true;
    services.media().renewLeases(lease.claimer(), lease.leaseMs())
        .compose(renewed -> services.media().requeueExpired())
        .onSuccess(requeued -> {
          if (requeued > 0) {
            LOG.warn("requeued {} video(s) whose lease expired (their replica stopped renewing"
                + " it)", requeued);
            wake();
          }
        })
        .onFailure(err -> LOG.warn("video lease heartbeat failed ({}); leases last {} ms",
            err.getMessage(), lease.leaseMs()))
        .onComplete(done -> beating = false);
  }

  public void wake() {
    if (stopping) {
      return;
    }
    if (running) {
      wokenMeanwhile = true;
      return;
    }
    running = true;
    runOnce();
  }

  /**
   * Stops claiming and waits for a running expansion, at most {@code timeoutMs} (its lease is
   * renewed meanwhile). A video still expanding after that is released: put back in the queue for
   * the other replicas (or this one's next start); its expansion here stops at its next frame.
   */
  public Future<Void> stop(long timeoutMs) {
    stopping = true;
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    if (!running) {
      idle.tryComplete();
    }
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.compose(v -> idle.future().timeout(timeoutMs, TimeUnit.MILLISECONDS))
        .recover(err -> {
          LOG.warn("a video is still expanding after {} ms; releasing it", timeoutMs);
          return Future.succeededFuture();
        })
        .compose(v -> {
          if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
          }
          return services.media().release(lease.claimer());
        })
        .<Void>map(released -> {
          if (released > 0) {
            LOG.info("released {} unfinished video(s) to the queue", released);
          }
          return null;
        })
        .recover(err -> {
          LOG.warn("could not release the unfinished video ({}); it is requeued when its lease"
              + " expires", err.getMessage());
          return Future.succeededFuture();
        });
  }

  private void runOnce() {
    wokenMeanwhile = false;
    services.media().claimNext(lease.claimer(), lease.leaseMs())
        .compose(claimed -> claimed.isEmpty() ? Future.succeededFuture(false)
            : expand(claimed.get()).map(true))
        .onComplete(result -> {
          if (result.failed()) {
            LOG.warn("media expansion could not claim a video; retrying at the next poll",
                result.cause());
          }
          if (!stopping && result.succeeded() && (result.result() || wokenMeanwhile)) {
            runOnce();
          } else {
            running = false;
            if (stopping) {
              idle.tryComplete();
            }
          }
        });
  }

  private Future<Void> expand(PgSurveyMedia.Claimed claimed) {
    MediaRow row = new MediaRow(claimed.id(), claimed.surveyId(), claimed.fileName(),
        services.store().pathOf(claimed.sha256(), SurveyIntake.videoExtension(claimed.fileName())),
        claimed.telemetryKind(), services.store().pathOf(claimed.telemetrySha256(),
            claimed.telemetryKind()), claimed.profile(),
        claimed.video() == null ? null : SurveyVideo.fromJson(claimed.video(), "profile.video"),
        claimed.attempts());
    return services.media().lastFrameIndex(row.id())
        .compose(last -> {
          LOG.info("expanding video {} ({}) of survey {}, after frame {}", row.id(),
              row.fileName(), row.surveyId(), last);
          Consumer frames = new Consumer(row, last);
          return services.executor().<Void>executeBlocking(() -> {
            services.frames().expand(row, last, frames);
            return null;
          }, false);
        })
        .compose(v -> services.media().markDone(row.id(), lease.claimer()))
        .onSuccess(v -> LOG.info("video {} ({}) expanded", row.id(), row.fileName()))
        .recover(err -> {
          if (lostClaim(err)) {
            return lostClaim(row);
          }
          if (err instanceof ProblemException problem) {
            LOG.info("video {} ({}) failed: {}", row.id(), row.fileName(), err.getMessage());
            return services.media().markFailed(row.id(), lease.claimer(),
                problem.problem().with("fileName", row.fileName()));
          }
          LOG.error("expanding video {} ({}) attempt {} failed", row.id(), row.fileName(),
              row.attempts(), err);
          return services.media().retryOrFail(row.id(), lease.claimer(),
              Problem.of(ProblemType.ANALYSIS_FAILED, "the service could not expand this video ("
                  + err.getClass().getSimpleName() + "); see the server log for media "
                  + row.id(), "video").with("fileName", row.fileName()));
        })
        .recover(err -> lostClaim(err) ? lostClaim(row) : Future.failedFuture(err))
        .onComplete(done -> vertx.eventBus().publish(JobWorkers.FINISHED_ADDRESS, row.id()));
  }

  /** Whether {@code err} or one of its causes says the video's claim was lost. */
  private static boolean lostClaim(Throwable err) {
    for (Throwable cause = err; cause != null; cause = cause.getCause()) {
      if (cause instanceof PgSurveyMedia.LostClaimException) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> lostClaim(MediaRow row) {
    LOG.warn("video {} ({}): its claim is no longer this process's (its lease expired, or it was"
        + " released at a stop); its expansion stopped here and wrote nothing more, whoever"
        + " expands the video now resumes it", row.id(), row.fileName());
    return Future.succeededFuture();
  }

  /** Stores and queues frames on the expanding thread, waiting for each commit. */
  private final class Consumer implements FrameConsumer {
    private final MediaRow row;
    private int lastIndex;

    Consumer(MediaRow row, int resumeAfterIndex) {
      this.row = row;
      this.lastIndex = resumeAfterIndex;
    }

    @Override
    public void accept(VideoFrame frame) throws Exception {
      if (frame.index() <= lastIndex) {
        return; // queued or refused before the restart
      }
      if (!JpegSignature.matches(frame.jpeg())) {
        refuse(frame.index(), frame.timestampMs(), "the frame is not a JPEG image");
        return;
      }
      try {
        services.validator().check(frame.jpeg(), CaptureContextJson.fromJson(frame.context()));
      } catch (CaptureException e) {
        refused(frame.index(), frame.timestampMs(), Problem.of(e));
        return;
      }
      ImageStore.Stored stored;
      try {
        stored = services.images().claim(frame.jpeg()); // anonymised before it is written
      } catch (CaptureException e) {
        refused(frame.index(), frame.timestampMs(), Problem.of(e));
        return;
      }
      boolean kept = false;
      try {
        await(services.media().insertFrame(lease.claimer(), row.surveyId(), row.id(),
            frame.index(), stored.sha256(), row.fileName() + "#frame=" + frame.index(),
            frame.context(), stored.privacy()));
        kept = true;
      } finally {
        services.images().settle(stored, kept);
      }
      lastIndex = frame.index();
      vertx.eventBus().publish(JobWorkers.QUEUED_ADDRESS, 1);
    }

    @Override
    public void refuse(int index, long timestampMs, String reason) throws Exception {
      refused(index, timestampMs, Problem.of(ProblemType.FRAME_REFUSED, reason, "video"));
    }

    private void refused(int index, long timestampMs, Problem problem) throws Exception {
      if (index <= lastIndex) {
        return;
      }
      await(services.media().refuseFrame(lease.claimer(), row.id(), index, timestampMs,
          problem.with("frameIndex", index).with("timestampMs", timestampMs)));
      lastIndex = index;
    }

    /** Waits for {@code future}; its own failure (a lost claim, a SQL error) is rethrown. */
    private <T> T await(Future<T> future) throws Exception {
      try {
        return future.toCompletionStage().toCompletableFuture().get(DB_WAIT_S, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }
}
