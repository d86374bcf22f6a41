package org.roadscan.api.retention;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.retention.PgRetention.DueCapture;
import org.roadscan.api.retention.PgRetention.DueMedia;
import org.roadscan.api.retention.PgRetention.Excerpt;
import org.roadscan.api.retention.PgRetention.Pending;
import org.roadscan.api.survey.MediaStore;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.image.BoxExcerpt;
import org.roadscan.detector.image.BoxExcerpt.Options;
import org.roadscan.detector.image.BoxExcerpt.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes images and survey media older than the retention period (issue #31). For each capture
 * received more than {@code days} ago, in this order, so that a crash between two steps loses
 * nothing and the next run finishes the work:
 *
 * <ol>
 *   <li>the excerpt of each of its observations is written to the {@link CropStore} (rewriting
 *       one is harmless);
 *   <li>the capture is marked ({@code captures.image_deleted_at}) and the deletion audited
 *       ({@code retention_deletions}) in one transaction;
 *   <li>the file is deleted (from the {@link ImageStore} in use: a directory or an S3 bucket)
 *       and its audit row set {@code file_removed}; rows a crash left unremoved are finished
 *       first by every run.
 * </ol>
 *
 * Survey videos and their telemetry are deleted the same way (steps 2 and 3) once their expansion
 * has finished (its frames are captures of their own). Captures are taken {@value #BATCH} at a
 * time, one after another; file work runs on {@code executor}, never on the event loop. One run at
 * a time: {@link #run} while a run is going completes with an empty report. Thread-safe.
 */
public final class ImageRetention {

  private static final Logger LOG = LoggerFactory.getLogger(ImageRetention.class);
  static final int BATCH = 100;
  /**
   * Crops are kept at the largest size a client may ask for ({@code
   * ObservationImageHandler.MAX_SIZE_PX}); smaller ones are scaled down when served.
   */
  static final int CROP_SIZE_PX = 2048;
  private static final Options CROP = new Options(View.BOX, CROP_SIZE_PX);

  /**
   * What the job needs.
   *
   * @param dataDir the data directory; audit rows name files relative to it
   * @param executor runs the file reads, renders and deletes
   * @param days retention in days, > 0
   */
  public record Services(PgRetention register, ImageStore images, CropStore crops,
      MediaStore media, Path dataDir, WorkerExecutor executor, int days) {
    public Services {
      if (days < 1) {
        throw new IllegalArgumentException("days must be >= 1, was " + days);
      }
    }
  }

  /** What one run did: images deleted, crops kept, videos deleted, unfinished deletions finished. */
  public record Report(int images, int crops, int videos, int finished) {
    static final Report NONE = new Report(0, 0, 0, 0);

    Report plus(Report o) {
      return new Report(images + o.images, crops + o.crops, videos + o.videos,
          finished + o.finished);
    }
  }

  private final Services services;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean stopped;

  public ImageRetention(Services services) {
    this.services = services;
  }

  /** Deletes what is older than the retention period at {@code now}. */
  public Future<Report> run(Instant now) {
    if (stopped || !running.compareAndSet(false, true)) {
      return Future.succeededFuture(Report.NONE);
    }
    Instant cutoff = now.minus(Duration.ofDays(services.days()));
    return finishPending(Report.NONE)
        .compose(report -> captures(cutoff, report))
        .compose(report -> media(cutoff, report))
        .onComplete(done -> running.set(false))
        .onSuccess(report -> {
          if (!report.equals(Report.NONE)) {
            LOG.info("retention ({} days): deleted {} image(s) keeping {} crop(s), {} video(s);"
                + " finished {} interrupted deletion(s)", services.days(), report.images(),
                report.crops(), report.videos(), report.finished());
          }
        });
  }

  /** Ends the job: a run in progress stops after its current step. */
  public void stop() {
    stopped = true;
  }

  private Future<Report> finishPending(Report report) {
    if (stopped) {
      return Future.succeededFuture(report);
    }
    return services.register().pending(BATCH).compose(pending -> {
      Future<Report> chain = Future.succeededFuture(report);
      for (Pending p : pending) {
        chain = chain.compose(r -> removeFile(p).map(v -> r.plus(new Report(0, 0, 0, 1))));
      }
      return pending.size() < BATCH ? chain : chain.compose(this::finishPending);
    });
  }

  private Future<Report> captures(Instant cutoff, Report report) {
    if (stopped) {
      return Future.succeededFuture(report);
    }
    return services.register().dueCaptures(cutoff, BATCH).compose(due -> {
      Future<Report> chain = Future.succeededFuture(report);
      for (DueCapture capture : due) {
        chain = chain.compose(r -> stopped ? Future.succeededFuture(r)
            : capture(capture, cutoff).map(r::plus));
      }
      return due.size() < BATCH ? chain : chain.compose(r -> captures(cutoff, r));
    });
  }

  private Future<Report> capture(DueCapture capture, Instant cutoff) {
    String file = auditName(services.images().location(capture.sha256()));
    String reason = "retention: received " + capture.receivedAt() + ", older than "
        + services.days() + " days";
    return services.register().excerpts(capture.captureId())
        .compose(excerpts -> services.executor().executeBlocking(
            () -> keepCrops(capture, excerpts), false))
        .compose(crops -> services.register().markCapture(capture, file, reason, crops)
            .compose(auditId -> auditId == null ? Future.succeededFuture(Report.NONE)
                : removeFile(new Pending(auditId, PgRetention.CAPTURE_IMAGE, capture.sha256(),
                    file)).map(v -> new Report(1, crops, 0, 0))));
  }

  /** Blocking: renders and stores the excerpt of each observation; the number stored. */
  private int keepCrops(DueCapture capture, List<Excerpt> excerpts) throws IOException {
    if (!services.images().contains(capture.sha256())) {
      // a crash after the file went, or a lost file: keep whatever crops are there
      int kept = 0;
      for (Excerpt e : excerpts) {
        kept += services.crops().contains(e.observationId()) ? 1 : 0;
      }
      return kept;
    }
    byte[] jpeg = services.images().read(capture.sha256());
    int kept = 0;
    for (Excerpt e : excerpts) {
      try {
        services.crops().put(e.observationId(), BoxExcerpt.render(jpeg, e.box(), CROP));
        kept++;
      } catch (CaptureException | IllegalArgumentException ex) {
        // the page could not show this one either (box outside the image, file undecodable)
        LOG.warn("no crop of observation {} (capture {}): {}", e.observationId(),
            capture.captureId(), ex.getMessage());
      }
    }
    return kept;
  }

  private Future<Report> media(Instant cutoff, Report report) {
    if (stopped) {
      return Future.succeededFuture(report);
    }
    return services.register().dueMedia(cutoff, BATCH,
        (sha256, name) -> relative(services.media().pathOf(sha256,
            MediaStore.videoExtension(name))),
        (sha256, kind) -> relative(services.media().pathOf(sha256, kind)))
        .compose(due -> {
          Future<Report> chain = Future.succeededFuture(report);
          for (DueMedia m : due) {
            String reason = "retention: survey video created " + m.createdAt()
                + ", expansion finished, older than " + services.days() + " days";
            chain = chain.compose(r -> stopped ? Future.succeededFuture(r)
                : services.register().markMedia(m, reason)
                    // the audit rows are pending now: finishing them removes both files
                    .compose(marked -> finishPending(Report.NONE).map(f -> r.plus(
                        new Report(0, 0, marked ? 1 : 0, 0)))));
          }
          return due.size() < BATCH ? chain : chain.compose(r -> media(cutoff, r));
        });
  }

  private Future<Void> removeFile(Pending pending) {
    return services.executor().executeBlocking(() -> {
          if (PgRetention.CAPTURE_IMAGE.equals(pending.kind())) {
            // from the image store in use, a directory or a bucket
            services.images().delete(pending.sha256());
            return null;
          }
          Path path = services.dataDir().resolve(pending.file()).normalize();
          if (!path.startsWith(services.dataDir())) {
            throw new IllegalStateException("audited file outside the data directory: "
                + pending.file());
          }
          Files.deleteIfExists(path);
          return null;
        }, false)
        .compose(deleted -> services.register().removed(pending.id()));
  }

  /**
   * An image's location as audit rows name it: relative to the data directory when it is a file
   * under it (e.g. {@code images/ab/abcd….jpg}), else the URI (e.g. {@code s3://bucket/key}).
   */
  private String auditName(URI location) {
    if ("file".equals(location.getScheme())) {
      Path file = Path.of(location);
      if (file.startsWith(services.dataDir())) {
        return relative(file);
      }
    }
    return location.toString();
  }

  private String relative(Path file) {
    return services.dataDir().relativize(file).toString();
  }
}
