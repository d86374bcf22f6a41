package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;

/**
 * The durable video queue in {@code survey_media}: claimed with {@code FOR UPDATE SKIP LOCKED}
 * like jobs ({@code queued → expanding → done | failed}), and the frame jobs and refusals of an
 * expansion. Thread-safe, non-blocking.
 */
public final class PgSurveyMedia {

  /** Expansions started before a video is given up (a video that crashed the process 3 times). */
  public static final int MAX_ATTEMPTS = 3;

  /** A claimed video with its survey's profile. */
  public record Claimed(long id, long surveyId, String fileName, String sha256,
      String telemetryKind, String telemetrySha256, JsonObject profile, JsonObject video,
      int attempts) {
  }

  private static final String CLAIM = """
      WITH m AS (
        UPDATE survey_media SET state = 'expanding', attempts = attempts + 1,
                                updated_at = clock_timestamp()
        WHERE id = (SELECT id FROM survey_media WHERE state = 'queued'
                    ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING *)
      SELECT m.id, m.survey_id, m.file_name, m.sha256, m.telemetry_kind, m.telemetry_sha256,
             m.attempts, s.profile, s.video
      FROM m JOIN surveys s ON s.id = m.survey_id""";

  private static final String REQUEUE_ABANDONED = """
      UPDATE survey_media SET
        state = CASE WHEN attempts < %d THEN 'queued' ELSE 'failed' END,
        error = CASE WHEN attempts < %d THEN NULL ELSE $1::jsonb END,
        updated_at = clock_timestamp()
      WHERE state = 'expanding'
      RETURNING state""".formatted(MAX_ATTEMPTS, MAX_ATTEMPTS);

  private static final String RETRY_OR_FAIL = """
      UPDATE survey_media SET
        state = CASE WHEN attempts < %d THEN 'queued' ELSE 'failed' END,
        error = CASE WHEN attempts < %d THEN NULL ELSE $2::jsonb END,
        updated_at = clock_timestamp()
      WHERE id = $1 AND state = 'expanding'""".formatted(MAX_ATTEMPTS, MAX_ATTEMPTS);

  /** The highest frame index queued or refused: an expansion resumes after it. */
  private static final String LAST_INDEX = """
      SELECT GREATEST(
        (SELECT max(frame_index) FROM jobs WHERE media_id = $1),
        (SELECT max(frame_index) FROM survey_frame_failures WHERE media_id = $1)) AS last""";

  /** Queues a frame's job once per (media, index) and counts it. */
  private static final String INSERT_FRAME = """
      WITH j AS (
        INSERT INTO jobs (id, state, image_sha256, file_name, context, survey_id, media_id,
                          frame_index)
        VALUES ($1, 'queued', $2, $3, $4, $5, $6, $7)
        ON CONFLICT ON CONSTRAINT jobs_media_frame DO NOTHING
        RETURNING id)
      UPDATE survey_media SET frames_sampled = frames_sampled + (SELECT count(*) FROM j),
                              updated_at = clock_timestamp()
      WHERE id = $6
      RETURNING (SELECT count(*) FROM j) AS inserted""";

  /** Records a refused frame once, counts it and writes its survey event. */
  private static final String REFUSE_FRAME = """
      WITH f AS (
        INSERT INTO survey_frame_failures (media_id, frame_index, timestamp_ms, problem)
        VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
        RETURNING media_id, frame_index, problem),
      m AS (
        UPDATE survey_media SET frames_refused = frames_refused + (SELECT count(*) FROM f),
                                updated_at = clock_timestamp()
        WHERE id = $1 RETURNING survey_id, file_name)
      INSERT INTO survey_events (survey_id, kind, data)
      SELECT m.survey_id, 'failed', jsonb_build_object('mediaId', f.media_id,
        'fileName', m.file_name, 'frameIndex', f.frame_index, 'problem', f.problem)
      FROM f, m""";

  private final Pool pool;

  public PgSurveyMedia(Pool pool) {
    this.pool = pool;
  }

  /** Claims the oldest queued video, or empty when none is queued. */
  public Future<Optional<Claimed>> claimNext() {
    return pool.preparedQuery(CLAIM).execute().map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      Object profile = row.getValue("profile");
      Object video = row.getValue("video");
      return Optional.of(new Claimed(row.getLong("id"), row.getLong("survey_id"),
          row.getString("file_name"), row.getString("sha256"), row.getString("telemetry_kind"),
          row.getString("telemetry_sha256"),
          profile instanceof JsonObject json ? json : new JsonObject(),
          video instanceof JsonObject json ? json : null, row.getInteger("attempts")));
    });
  }

  /**
   * Puts videos left {@code expanding} by a stopped process back in the queue (or fails those out
   * of attempts); call once at start. One worker process, as {@code PgJobQueue.requeueAbandoned}.
   */
  public Future<Integer> requeueAbandoned() {
    Problem gaveUp = Problem.of(ProblemType.ANALYSIS_FAILED, "the expansion of this video was"
        + " interrupted " + MAX_ATTEMPTS + " times (the service stopped while running it)",
        "video");
    return pool.preparedQuery(REQUEUE_ABANDONED).execute(Tuple.of(gaveUp.toJson()))
        .map(rows -> {
          int requeued = 0;
          for (Row row : rows) {
            requeued += "queued".equals(row.getString("state")) ? 1 : 0;
          }
          return requeued;
        });
  }

  /** The last frame index queued or refused for the video, -1 when none. */
  public Future<Integer> lastFrameIndex(long mediaId) {
    return pool.preparedQuery(LAST_INDEX).execute(Tuple.of(mediaId)).map(rows -> {
      Integer last = rows.iterator().next().getInteger("last");
      return last == null ? -1 : last;
    });
  }

  /** Queues a frame's job; false when this frame was queued before (a resumed expansion). */
  public Future<Boolean> insertFrame(long surveyId, long mediaId, int index, String sha256,
      String fileName, JsonObject context) {
    return pool.preparedQuery(INSERT_FRAME)
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), sha256, fileName, context,
            surveyId, mediaId, index}))
        .map(rows -> rows.iterator().next().getLong("inserted") > 0);
  }

  public Future<Void> refuseFrame(long mediaId, int index, long timestampMs, Problem problem) {
    return pool.preparedQuery(REFUSE_FRAME)
        .execute(Tuple.of(mediaId, index, timestampMs, problem.toJson())).mapEmpty();
  }

  public Future<Void> markDone(long mediaId) {
    return pool.preparedQuery("UPDATE survey_media SET state = 'done', error = NULL,"
            + " updated_at = clock_timestamp() WHERE id = $1 AND state = 'expanding'")
        .execute(Tuple.of(mediaId)).mapEmpty();
  }

  /** Fails the video for good (retrying cannot help). */
  public Future<Void> markFailed(long mediaId, Problem problem) {
    return pool.preparedQuery("UPDATE survey_media SET state = 'failed', error = $2::jsonb,"
            + " updated_at = clock_timestamp() WHERE id = $1 AND state = 'expanding'")
        .execute(Tuple.of(mediaId, problem.toJson())).mapEmpty();
  }

  /** After a fault: queued again while attempts remain, else failed with {@code problem}. */
  public Future<Void> retryOrFail(long mediaId, Problem problem) {
    return pool.preparedQuery(RETRY_OR_FAIL).execute(Tuple.of(mediaId, problem.toJson()))
        .mapEmpty();
  }
}
