package org.roadscan.api.retention;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.roadscan.detector.PixelBox;

/**
 * The register's side of retention (table {@code retention_deletions}, migration V16): which
 * captures and survey media are due, the observations whose excerpts to keep, and the audit row
 * written in one transaction with the mark. Thread-safe.
 */
public final class PgRetention {

  /** A capture whose image is due for deletion. */
  public record DueCapture(long captureId, String sha256, Instant receivedAt) {
  }

  /** An observation of a due capture and its box, px of the full-size capture. */
  public record Excerpt(long observationId, PixelBox box) {
  }

  /** A finished survey video due for deletion, with its telemetry file. */
  public record DueMedia(long mediaId, String sha256, String videoFile, String telemetrySha256,
      String telemetryFile, Instant createdAt) {
  }

  /**
   * An audited deletion whose file is not known to be removed yet.
   *
   * @param kind {@code capture-image}, {@code survey-video} or {@code survey-telemetry}
   * @param sha256 the hex SHA-256 of the file: a capture image's key in the image store
   * @param file where it was: relative to the data directory, or an image store's location
   */
  public record Pending(long id, String kind, String sha256, String file) {
  }

  // A capture whose bytes a queued or running job still needs (the same photo uploaded again)
  // waits: the job would find no image.
  /** The audit kind of a capture's image. */
  static final String CAPTURE_IMAGE = "capture-image";

  private static final String DUE_CAPTURES = """
      SELECT c.id, c.sha256, c.received_at FROM captures c
      WHERE c.image_deleted_at IS NULL AND c.received_at < $1
        AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.image_sha256 = c.sha256
                        AND j.state IN ('queued', 'running'))
      ORDER BY c.received_at, c.id LIMIT $2""";
  private static final String EXCERPTS = """
      SELECT id, box_x0_px, box_y0_px, box_x1_px, box_y1_px FROM observations
      WHERE capture_id = $1 ORDER BY id""";
  private static final String MARK_CAPTURE = """
      UPDATE captures SET image_deleted_at = clock_timestamp()
      WHERE id = $1 AND image_deleted_at IS NULL""";
  // The same photo uploaded again after its image was deleted: the store holds it (anonymised)
  // again, so the capture is due again and the next run deletes the file and audits it a second
  // time (its received_at is past the period already).
  private static final String STORED_AGAIN = """
      UPDATE captures SET image_deleted_at = NULL
      WHERE id = $1 AND image_deleted_at IS NOT NULL""";
  private static final String AUDIT = """
      INSERT INTO retention_deletions (kind, capture_id, media_id, sha256, file, reason, crops)
      VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""";
  // Another video of the same bytes still expanding keeps the shared files.
  private static final String DUE_MEDIA = """
      SELECT m.id, m.sha256, m.file_name, m.telemetry_sha256, m.telemetry_kind, m.created_at
      FROM survey_media m
      WHERE m.files_deleted_at IS NULL AND m.state IN ('done', 'failed') AND m.created_at < $1
        AND NOT EXISTS (SELECT 1 FROM survey_media o WHERE o.state IN ('queued', 'expanding')
                        AND (o.sha256 = m.sha256 OR o.telemetry_sha256 = m.telemetry_sha256))
      ORDER BY m.created_at, m.id LIMIT $2""";
  private static final String MARK_MEDIA = """
      UPDATE survey_media SET files_deleted_at = clock_timestamp()
      WHERE id = $1 AND files_deleted_at IS NULL""";
  private static final String PENDING = """
      SELECT id, kind, sha256, file FROM retention_deletions WHERE NOT file_removed ORDER BY id
      LIMIT $1""";
  private static final String REMOVED =
      "UPDATE retention_deletions SET file_removed = true WHERE id = $1";

  private final Pool pool;

  public PgRetention(Pool pool) {
    this.pool = pool;
  }

  /**
   * Called in the transaction that registers a capture as a duplicate (its photo uploaded again):
   * when retention had deleted its image, the stored copy is new, so the capture is due again.
   */
  public static Future<Void> imageStoredAgain(SqlClient tx, long captureId) {
    return tx.preparedQuery(STORED_AGAIN).execute(Tuple.of(captureId)).mapEmpty();
  }

  /** Up to {@code limit} captures received before {@code cutoff}, oldest first. */
  public Future<List<DueCapture>> dueCaptures(Instant cutoff, int limit) {
    return pool.preparedQuery(DUE_CAPTURES).execute(Tuple.of(utc(cutoff), limit)).map(rows -> {
      List<DueCapture> due = new ArrayList<>();
      for (Row row : rows) {
        due.add(new DueCapture(row.getLong("id"), row.getString("sha256").trim(),
            row.getOffsetDateTime("received_at").toInstant()));
      }
      return due;
    });
  }

  /** The observations of a capture, by id. */
  public Future<List<Excerpt>> excerpts(long captureId) {
    return pool.preparedQuery(EXCERPTS).execute(Tuple.of(captureId)).map(rows -> {
      List<Excerpt> excerpts = new ArrayList<>();
      for (Row row : rows) {
        excerpts.add(new Excerpt(row.getLong("id"), new PixelBox(row.getDouble("box_x0_px"),
            row.getDouble("box_y0_px"), row.getDouble("box_x1_px"), row.getDouble("box_y1_px"))));
      }
      return excerpts;
    });
  }

  /**
   * Marks the capture's image deleted and audits it, in one transaction. Completes with the audit
   * row's id, or null when another run marked it first.
   */
  public Future<Long> markCapture(DueCapture capture, String file, String reason, int crops) {
    return pool.withTransaction(tx -> tx.preparedQuery(MARK_CAPTURE)
        .execute(Tuple.of(capture.captureId()))
        .compose(marked -> marked.rowCount() == 0 ? Future.succeededFuture((Long) null)
            : tx.preparedQuery(AUDIT).execute(Tuple.of(CAPTURE_IMAGE, capture.captureId(),
                null, capture.sha256(), file, reason, crops))
                .map(rows -> rows.iterator().next().getLong("id"))));
  }

  /** Up to {@code limit} finished survey videos created before {@code cutoff}, oldest first. */
  public Future<List<DueMedia>> dueMedia(Instant cutoff, int limit,
      BiFunction<String, String, String> videoFile,
      BiFunction<String, String, String> telemetryFile) {
    return pool.preparedQuery(DUE_MEDIA).execute(Tuple.of(utc(cutoff), limit)).map(rows -> {
      List<DueMedia> due = new ArrayList<>();
      for (Row row : rows) {
        String sha256 = row.getString("sha256").trim();
        String telemetrySha256 = row.getString("telemetry_sha256").trim();
        due.add(new DueMedia(row.getLong("id"), sha256,
            videoFile.apply(sha256, row.getString("file_name")), telemetrySha256,
            telemetryFile.apply(telemetrySha256, row.getString("telemetry_kind")),
            row.getOffsetDateTime("created_at").toInstant()));
      }
      return due;
    });
  }

  /** Marks a video's files deleted and audits both, in one transaction; false when marked before. */
  public Future<Boolean> markMedia(DueMedia media, String reason) {
    return pool.withTransaction(tx -> tx.preparedQuery(MARK_MEDIA)
        .execute(Tuple.of(media.mediaId()))
        .compose(marked -> marked.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery(AUDIT).executeBatch(List.of(
                Tuple.of("survey-video", null, media.mediaId(), media.sha256(),
                    media.videoFile(), reason, 0),
                Tuple.of("survey-telemetry", null, media.mediaId(), media.telemetrySha256(),
                    media.telemetryFile(), reason, 0)))
                .map(rows -> true)));
  }

  /** Audited deletions whose files are not known to be removed, oldest first. */
  public Future<List<Pending>> pending(int limit) {
    return pool.preparedQuery(PENDING).execute(Tuple.of(limit)).map(rows -> {
      List<Pending> pending = new ArrayList<>();
      for (Row row : rows) {
        pending.add(new Pending(row.getLong("id"), row.getString("kind"),
            row.getString("sha256"), row.getString("file")));
      }
      return pending;
    });
  }

  /** Records that the file of an audited deletion is gone. */
  public Future<Void> removed(long deletionId) {
    return pool.preparedQuery(REMOVED).execute(Tuple.of(deletionId)).mapEmpty();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
