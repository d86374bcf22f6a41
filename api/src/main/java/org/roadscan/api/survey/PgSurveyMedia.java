package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.roadscan.api.jobs.ClaimerId;
import org.roadscan.api.capture.ImagePrivacy;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;

/**
 * The durable video queue in {@code survey_media}: claimed with {@code FOR UPDATE SKIP LOCKED}
 * like jobs ({@code queued → expanding → done | failed}), and the frame jobs and refusals of an
 * expansion. Shared by every replica on one database (issue #32): a claimed video is leased to its
 * claimer ({@link ClaimerId}, column {@code claimed_by}) until {@code lease_until} on the
 * database's clock, like a job in {@link org.roadscan.api.jobs.PgJobQueue}. The claimer renews its
 * leases by heartbeat ({@link #renewLeases}); any process requeues a video whose lease expired
 * ({@link #requeueExpired}); and frames are queued or refused, and a video finished, only while
 * the claim is still the writer's ({@link LostClaimException} otherwise), so a process that lost
 * its lease writes nothing more for that video. Thread-safe, non-blocking. Lease lengths are
 * milliseconds.
 */
public final class PgSurveyMedia {

  /** Expansions started before a video is given up (a video that crashed the process 3 times). */
  public static final int MAX_ATTEMPTS = 3;

  /** A claimed video with its survey's profile. */
  public record Claimed(long id, long surveyId, String fileName, String sha256,
      String telemetryKind, String telemetrySha256, JsonObject profile, JsonObject video,
      int attempts) {
  }

  /**
   * A video's frame or end could not be written because its claim is no longer this process's:
   * its lease expired (or it was released at a stop) and the video was requeued, perhaps claimed
   * by another process, meanwhile. The expansion that gets it stops.
   */
  public static final class LostClaimException extends RuntimeException {
    public LostClaimException(long mediaId, ClaimerId claimer) {
      super("video " + mediaId + " is no longer expanding under the claim of " + claimer
          + " (its lease expired); its expansion stops here", null, false, false);
    }
  }

  /** $1 claimer, $2 lease milliseconds. */
  private static final String CLAIM = """
      WITH m AS (
        UPDATE survey_media SET state = 'expanding', attempts = attempts + 1, claimed_by = $1,
          lease_until = clock_timestamp() + $2::bigint * interval '1 millisecond',
          updated_at = clock_timestamp()
        WHERE id = (SELECT id FROM survey_media WHERE state = 'queued'
                    ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING *)
      SELECT m.id, m.survey_id, m.file_name, m.sha256, m.telemetry_kind, m.telemetry_sha256,
             m.attempts, s.profile, s.video
      FROM m JOIN surveys s ON s.id = m.survey_id""";

  /** The claim a write may be made under: still expanding, still this claimer's. */
  private static final String CLAIM_HELD = "id = $1 AND state = 'expanding' AND claimed_by = $2";

  /** $1 id, $2 claimer: locks the video's row while its claim is held (empty otherwise). */
  private static final String LOCK_CLAIM =
      "SELECT id FROM survey_media WHERE " + CLAIM_HELD + " FOR UPDATE";

  /** The attempts rule of a video that goes back to the queue; %s the problem if given up. */
  private static final String REQUEUE_OR_GIVE_UP = """
        state = CASE WHEN attempts < %d THEN 'queued' ELSE 'failed' END,
        error = CASE WHEN attempts < %d THEN NULL ELSE %%s::jsonb END,
        lease_until = NULL,
        updated_at = clock_timestamp()""".formatted(MAX_ATTEMPTS, MAX_ATTEMPTS);

  /** $1 id, $2 claimer, $3 problem if given up. */
  private static final String RETRY_OR_FAIL = "UPDATE survey_media SET "
      + REQUEUE_OR_GIVE_UP.formatted("$3") + " WHERE " + CLAIM_HELD;

  /**
   * $1 problem if given up. Rows from before leases (no lease_until) count as expired; a row
   * another transaction holds (its claimer queuing a frame this very moment) is skipped, and the
   * next sweep looks again.
   */
  private static final String REQUEUE_EXPIRED = "UPDATE survey_media SET "
      + REQUEUE_OR_GIVE_UP.formatted("$1") + " WHERE id IN (SELECT id FROM survey_media"
      + " WHERE state = 'expanding' AND (lease_until IS NULL OR lease_until < clock_timestamp())"
      + " FOR UPDATE SKIP LOCKED) RETURNING state";

  /** $1 problem if given up. */
  private static final String REQUEUE_ALL = "UPDATE survey_media SET "
      + REQUEUE_OR_GIVE_UP.formatted("$1") + " WHERE state = 'expanding' RETURNING state";

  /** $1 claimer, $2 problem if given up. */
  private static final String RELEASE = "UPDATE survey_media SET "
      + REQUEUE_OR_GIVE_UP.formatted("$2") + " WHERE state = 'expanding' AND claimed_by = $1"
      + " RETURNING state";

  /** $1 claimer, $2 lease milliseconds. */
  private static final String RENEW = """
      UPDATE survey_media
      SET lease_until = clock_timestamp() + $2::bigint * interval '1 millisecond'
      WHERE state = 'expanding' AND claimed_by = $1""";

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

  /**
   * Claims the oldest queued video for {@code claimer} (state expanding, attempts + 1), leased
   * for {@code leaseMs} from now on the database's clock; empty when none is queued.
   */
  public Future<Optional<Claimed>> claimNext(ClaimerId claimer, long leaseMs) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(claimer.value(), leaseMs)).map(rows -> {
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
   * The heartbeat: extends the lease of every video {@code claimer} is expanding to {@code
   * leaseMs} from now (database clock).
   *
   * @return the number of leases renewed
   */
  public Future<Integer> renewLeases(ClaimerId claimer, long leaseMs) {
    return pool.preparedQuery(RENEW).execute(Tuple.of(claimer.value(), leaseMs))
        .map(rows -> rows.rowCount());
  }

  /**
   * Puts expanding videos whose lease expired (their claimer was killed, or could not reach the
   * database to renew) back in the queue, or fails those that have used up their attempts. Safe
   * to call from any process at any time: a video whose claimer is alive has a live lease.
   *
   * @return the number of videos requeued (not counting those given up)
   */
  public Future<Integer> requeueExpired() {
    return pool.preparedQuery(REQUEUE_EXPIRED).execute(Tuple.of(interrupted().toJson()))
        .map(PgSurveyMedia::queuedCount);
  }

  /**
   * Puts every expanding video back in the queue (attempts rule as {@link #requeueExpired}), live
   * leases included. Only for a database no other process can use (the embedded one): at its
   * start, every expanding video was abandoned by a previous run.
   *
   * @return the number of videos requeued (not counting those given up)
   */
  public Future<Integer> requeueAllExpanding() {
    return pool.preparedQuery(REQUEUE_ALL).execute(Tuple.of(interrupted().toJson()))
        .map(PgSurveyMedia::queuedCount);
  }

  /**
   * At a graceful stop: puts the videos {@code claimer} is still expanding back in the queue at
   * once (attempts rule as for an expired lease), so other replicas resume them without waiting
   * for the lease to expire. The expansion still running here stops at its next frame.
   *
   * @return the number of videos requeued (not counting those given up)
   */
  public Future<Integer> release(ClaimerId claimer) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(claimer.value(), interrupted().toJson()))
        .map(PgSurveyMedia::queuedCount);
  }

  private static Problem interrupted() {
    return Problem.of(ProblemType.ANALYSIS_FAILED, "the expansion of this video was"
        + " interrupted " + MAX_ATTEMPTS + " times (the service stopped while running it)",
        "video");
  }

  private static int queuedCount(RowSet<Row> rows) {
    int requeued = 0;
    for (Row row : rows) {
      requeued += "queued".equals(row.getString("state")) ? 1 : 0;
    }
    return requeued;
  }

  /** The last frame index queued or refused for the video, -1 when none. */
  public Future<Integer> lastFrameIndex(long mediaId) {
    return pool.preparedQuery(LAST_INDEX).execute(Tuple.of(mediaId)).map(rows -> {
      Integer last = rows.iterator().next().getInteger("last");
      return last == null ? -1 : last;
    });
  }

  /**
   * Queues a frame's job, at most once per (media, index) (constraint {@code jobs_media_frame}),
   * with its image's privacy record, in a transaction that first locks the video's row under
   * {@code claimer}'s claim; fails with {@link LostClaimException}, writing nothing, when the
   * claim is no longer {@code claimer}'s.
   *
   * @param privacy what the anonymiser blurred when this expansion stored the frame; null when it
   *     was stored before (its record was written then)
   * @return false when this frame was queued before (a resumed expansion)
   */
  public Future<Boolean> insertFrame(ClaimerId claimer, long surveyId, long mediaId, int index,
      String sha256, String fileName, JsonObject context, ImagePrivacy privacy) {
    return underClaim(mediaId, claimer, conn -> ImagePrivacy.record(conn, privacy)
        .compose(v -> conn.preparedQuery(INSERT_FRAME)
            .execute(Tuple.from(new Object[] {UUID.randomUUID(), sha256, fileName, context,
                surveyId, mediaId, index})))
        .map(rows -> rows.iterator().next().getLong("inserted") > 0));
  }

  /**
   * Records a refused frame once, under {@code claimer}'s claim as {@link #insertFrame}; fails
   * with {@link LostClaimException} when the claim is gone.
   */
  public Future<Void> refuseFrame(ClaimerId claimer, long mediaId, int index, long timestampMs,
      Problem problem) {
    return underClaim(mediaId, claimer, conn -> conn.preparedQuery(REFUSE_FRAME)
        .execute(Tuple.of(mediaId, index, timestampMs, problem.toJson())).mapEmpty());
  }

  /**
   * Runs {@code write} in a transaction holding the video's row lock while the claim is {@code
   * claimer}'s: a concurrent requeue (which skips locked rows) cannot take the video between the
   * check and the write.
   */
  private <T> Future<T> underClaim(long mediaId, ClaimerId claimer,
      Function<SqlConnection, Future<T>> write) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_CLAIM)
        .execute(Tuple.of(mediaId, claimer.value()))
        .compose(held -> held.size() == 1 ? write.apply(conn)
            : Future.failedFuture(new LostClaimException(mediaId, claimer))));
  }

  /** Marks the video done; fails with {@link LostClaimException} when the claim is gone. */
  public Future<Void> markDone(long mediaId, ClaimerId claimer) {
    return written(pool.preparedQuery("UPDATE survey_media SET state = 'done', error = NULL,"
            + " lease_until = NULL, updated_at = clock_timestamp() WHERE " + CLAIM_HELD)
        .execute(Tuple.of(mediaId, claimer.value())), mediaId, claimer);
  }

  /**
   * Fails the video for good (retrying cannot help); fails with {@link LostClaimException}
   * (nothing written) when the claim is gone.
   */
  public Future<Void> markFailed(long mediaId, ClaimerId claimer, Problem problem) {
    return written(pool.preparedQuery("UPDATE survey_media SET state = 'failed',"
            + " error = $3::jsonb, lease_until = NULL, updated_at = clock_timestamp() WHERE "
            + CLAIM_HELD).execute(Tuple.of(mediaId, claimer.value(), problem.toJson())),
        mediaId, claimer);
  }

  /**
   * After a fault: queued again while attempts remain, else failed with {@code problem}; fails
   * with {@link LostClaimException} (nothing written) when the claim is gone.
   */
  public Future<Void> retryOrFail(long mediaId, ClaimerId claimer, Problem problem) {
    return written(pool.preparedQuery(RETRY_OR_FAIL)
        .execute(Tuple.of(mediaId, claimer.value(), problem.toJson())), mediaId, claimer);
  }

  private static Future<Void> written(Future<RowSet<Row>> update, long mediaId,
      ClaimerId claimer) {
    return update.compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
        : Future.failedFuture(new LostClaimException(mediaId, claimer)));
  }
}
