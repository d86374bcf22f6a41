package org.roadscan.api.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.roadscan.api.capture.ImagePrivacy;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;

/**
 * The durable job queue in the {@code jobs} table, shared by every replica of the service on one
 * database. Workers of any number of processes claim jobs with {@code FOR UPDATE SKIP LOCKED}, so
 * each queued job is claimed once; a claimed job is leased to its claimer ({@link ClaimerId},
 * column {@code claimed_by}) until {@code lease_until}, on the database's clock. The claimer
 * renews its leases by heartbeat ({@link #renewLeases}); a job whose lease expired (its claimer
 * was killed, or lost the database for longer than the lease) is requeued by any process ({@link
 * #requeueExpired}); and a claimer finishes a job only while the claim is still its own, so a
 * process that lost its lease never overwrites the result of the one that took the job over.
 * Thread-safe, non-blocking. Lease lengths are milliseconds.
 */
public final class PgJobQueue {

  /** Analyses started before a job is given up: a job that crashed the process 3 times fails. */
  public static final int MAX_ATTEMPTS = 3;

  private static final String COLUMNS =
      "id, state, attempts, image_sha256, file_name, capture_id, error, created_at, updated_at,"
          + " context, " + ImagePrivacy.jsonColumn("jobs.image_sha256") + " AS privacy";

  private static final String INSERT =
      "INSERT INTO jobs (id, state, image_sha256, file_name, context, created_by)"
          + " VALUES ($1, 'queued', $2, $3, $4, $5) "
          + "RETURNING " + COLUMNS;

  /** $1 claimer, $2 lease milliseconds. */
  private static final String CLAIM = """
      UPDATE jobs SET state = 'running', attempts = attempts + 1, claimed_by = $1,
        lease_until = clock_timestamp() + $2::bigint * interval '1 millisecond',
        updated_at = clock_timestamp()
      WHERE id = (SELECT id FROM jobs WHERE state = 'queued'
                  ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING """ + " " + COLUMNS;

  /** The claim a result may be written under: still running, still this claimer's. */
  private static final String CLAIM_HELD = "id = $1 AND state = 'running' AND claimed_by = $2";

  private static final String DONE = "UPDATE jobs SET state = 'done', capture_id = $3, "
      + "error = NULL, lease_until = NULL, updated_at = clock_timestamp() WHERE " + CLAIM_HELD;

  private static final String FAIL = "UPDATE jobs SET state = 'failed', error = $3::jsonb, "
      + "lease_until = NULL, updated_at = clock_timestamp() WHERE " + CLAIM_HELD;

  /** The attempts rule of a job that goes back to the queue; $3 (or the given) the problem. */
  private static final String REQUEUE_OR_GIVE_UP = """
        state = CASE WHEN attempts < %d THEN 'queued' ELSE 'failed' END,
        error = CASE WHEN attempts < %d THEN NULL ELSE %%s::jsonb END,
        lease_until = NULL,
        updated_at = clock_timestamp()""".formatted(MAX_ATTEMPTS, MAX_ATTEMPTS);

  /** $1 id, $2 claimer, $3 problem if given up. */
  private static final String RETRY_OR_FAIL = "UPDATE jobs SET "
      + REQUEUE_OR_GIVE_UP.formatted("$3") + " WHERE " + CLAIM_HELD + " RETURNING state";

  /**
   * $1 problem if given up. Rows from before leases (no lease_until) count as expired. A row
   * another transaction holds (its claimer writing its result this very moment, another replica's
   * sweep) is skipped, so a sweep never waits behind a registration; the next one looks again.
   */
  private static final String REQUEUE_EXPIRED = "UPDATE jobs SET "
      + REQUEUE_OR_GIVE_UP.formatted("$1") + " WHERE id IN (SELECT id FROM jobs"
      + " WHERE state = 'running' AND (lease_until IS NULL OR lease_until < clock_timestamp())"
      + " FOR UPDATE SKIP LOCKED) RETURNING state";

  /** $1 problem if given up. */
  private static final String REQUEUE_ALL = "UPDATE jobs SET "
      + REQUEUE_OR_GIVE_UP.formatted("$1") + " WHERE state = 'running' RETURNING state";

  /** $1 claimer, $2 problem if given up. */
  private static final String RELEASE = "UPDATE jobs SET "
      + REQUEUE_OR_GIVE_UP.formatted("$2") + " WHERE state = 'running' AND claimed_by = $1"
      + " RETURNING state";

  /** $1 claimer, $2 lease milliseconds. */
  private static final String RENEW = """
      UPDATE jobs SET lease_until = clock_timestamp() + $2::bigint * interval '1 millisecond'
      WHERE state = 'running' AND claimed_by = $1""";

  /**
   * A job's result could not be written because its claim is no longer this process's: its lease
   * expired and the job was requeued (and perhaps claimed by another process) meanwhile.
   */
  public static final class LostClaimException extends RuntimeException {
    public LostClaimException(UUID id, ClaimerId claimer) {
      super("job " + id + " is no longer running under the claim of " + claimer
          + " (its lease expired); the result is dropped", null, false, false);
    }
  }

  private final Pool pool;

  public PgJobQueue(Pool pool) {
    this.pool = pool;
  }

  /** Queues one job per image in one transaction: all are accepted or none. */
  public Future<List<Job>> enqueue(List<NewJob> newJobs) {
    return enqueue(newJobs, null);
  }

  /**
   * {@link #enqueue(List)}, recording who uploaded the images (a crew sees only its own jobs).
   *
   * @param createdBy the uploading principal's name, or null
   */
  public Future<List<Job>> enqueue(List<NewJob> newJobs, String createdBy) {
    return pool.withTransaction(conn -> {
      List<Job> jobs = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (NewJob newJob : newJobs) {
        chain = chain.compose(v -> ImagePrivacy.record(conn, newJob.privacy()))
            .compose(v -> conn.preparedQuery(INSERT)
            .execute(Tuple.of(UUID.randomUUID(), newJob.imageSha256(), newJob.fileName(),
                newJob.context(), createdBy))
            .map(rows -> {
              jobs.add(job(rows.iterator().next()));
              return null;
            }));
      }
      return chain.map(v -> jobs);
    });
  }

  /**
   * Who a job belongs to: the principal that uploaded its image, or for a survey's job the
   * survey's creator; empty for an unknown job, and {@code ""} (nobody's name) for jobs from
   * before.
   */
  public Future<Optional<String>> owner(UUID id) {
    return pool.preparedQuery("SELECT COALESCE(j.created_by, s.created_by) AS owner FROM jobs j"
            + " LEFT JOIN surveys s ON s.id = j.survey_id WHERE j.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(Objects.requireNonNullElse(rows.iterator().next().getString("owner"),
                "")));
  }

  /**
   * Claims the oldest queued job (state running, attempts + 1) for {@code claimer}, leased for
   * {@code leaseMs} from now on the database's clock; empty when none is queued.
   */
  public Future<Optional<Job>> claimNext(ClaimerId claimer, long leaseMs) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(claimer.value(), leaseMs))
        .map(rows -> rows.size() == 0
            ? Optional.empty() : Optional.of(job(rows.iterator().next())));
  }

  /**
   * Marks a running job done, inside the transaction that registered its capture; fails with
   * {@link LostClaimException} (so that the transaction rolls back and the capture is not
   * registered twice) when the job is no longer running under {@code claimer}'s claim.
   */
  public Future<Void> markDone(SqlConnection tx, UUID id, ClaimerId claimer, long captureId) {
    return tx.preparedQuery(DONE).execute(Tuple.of(id, claimer.value(), captureId))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new LostClaimException(id, claimer)));
  }

  /**
   * Marks a running job failed for good (the input is unusable: retrying cannot help).
   *
   * @return false when the claim was no longer {@code claimer}'s: nothing was written
   */
  public Future<Boolean> markFailed(UUID id, ClaimerId claimer, Problem problem) {
    return pool.preparedQuery(FAIL).execute(Tuple.of(id, claimer.value(), problem.toJson()))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * After a server-side fault: queues the job again while attempts remain, else fails it with
   * {@code problem}.
   *
   * @return the job's new state; empty when the claim was no longer {@code claimer}'s (nothing
   *     was written)
   */
  public Future<Optional<JobState>> retryOrFail(UUID id, ClaimerId claimer, Problem problem) {
    return pool.preparedQuery(RETRY_OR_FAIL)
        .execute(Tuple.of(id, claimer.value(), problem.toJson()))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(JobState.of(rows.iterator().next().getString("state"))));
  }

  /**
   * The heartbeat: extends the lease of every job {@code claimer} is running to {@code leaseMs}
   * from now (database clock).
   *
   * @return the number of leases renewed
   */
  public Future<Integer> renewLeases(ClaimerId claimer, long leaseMs) {
    return pool.preparedQuery(RENEW).execute(Tuple.of(claimer.value(), leaseMs))
        .map(rows -> rows.rowCount());
  }

  /**
   * Puts running jobs whose lease expired (their claimer was killed, or could not reach the
   * database to renew) back in the queue, or fails those that have used up their attempts. Safe
   * to call from any process at any time: a job whose claimer is alive has a live lease.
   *
   * @return the number of jobs requeued (not counting those given up)
   */
  public Future<Integer> requeueExpired() {
    return pool.preparedQuery(REQUEUE_EXPIRED).execute(Tuple.of(interrupted().toJson()))
        .map(PgJobQueue::queuedCount);
  }

  /**
   * Puts every running job back in the queue (attempts rule as {@link #requeueExpired}), live
   * leases included. Only for a database no other process can use (the embedded one, whose data
   * directory one JVM at a time may hold): at its start, every running job was abandoned by a
   * previous run, and need not wait for its lease to expire.
   *
   * @return the number of jobs requeued (not counting those given up)
   */
  public Future<Integer> requeueAllRunning() {
    return pool.preparedQuery(REQUEUE_ALL).execute(Tuple.of(interrupted().toJson()))
        .map(PgJobQueue::queuedCount);
  }

  /**
   * At a graceful stop: puts the jobs {@code claimer} still runs back in the queue at once (the
   * attempts rule as for an expired lease), so other replicas take them without waiting for the
   * lease to expire. A result this process finishes after this is dropped (its claim is gone).
   *
   * @return the number of jobs requeued (not counting those given up)
   */
  public Future<Integer> release(ClaimerId claimer) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(claimer.value(), interrupted().toJson()))
        .map(PgJobQueue::queuedCount);
  }

  private static Problem interrupted() {
    return Problem.of(ProblemType.ANALYSIS_FAILED, "analysis was interrupted " + MAX_ATTEMPTS
        + " times (the service stopped while running it)", null);
  }

  private static int queuedCount(RowSet<Row> rows) {
    int requeued = 0;
    for (Row row : rows) {
      if (JobState.of(row.getString("state")) == JobState.QUEUED) {
        requeued++;
      }
    }
    return requeued;
  }

  public Future<Optional<Job>> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(job(rows.iterator().next())));
  }

  private static Job job(Row row) {
    OffsetDateTime created = row.getOffsetDateTime("created_at");
    OffsetDateTime updated = row.getOffsetDateTime("updated_at");
    Object error = row.getValue("error");
    Object context = row.getValue("context");
    return new Job(row.getUUID("id"), JobState.of(row.getString("state")),
        row.getInteger("attempts"), row.getString("image_sha256"), row.getString("file_name"),
        row.getLong("capture_id"), error instanceof JsonObject json ? json : null,
        created.toInstant(), updated.toInstant(),
        context instanceof JsonObject json ? json : new JsonObject(),
        ImagePrivacy.json(row, "privacy"));
  }
}
