package org.roadscan.api.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;

/**
 * The durable job queue in the {@code jobs} table. Workers of any number of processes claim jobs
 * with {@code FOR UPDATE SKIP LOCKED}, so each queued job is claimed once. Thread-safe,
 * non-blocking.
 */
public final class PgJobQueue {

  /** Analyses started before a job is given up: a job that crashed the process 3 times fails. */
  public static final int MAX_ATTEMPTS = 3;

  private static final String COLUMNS =
      "id, state, attempts, image_sha256, file_name, capture_id, error, created_at, updated_at,"
          + " context";

  private static final String INSERT =
      "INSERT INTO jobs (id, state, image_sha256, file_name, context, created_by)"
          + " VALUES ($1, 'queued', $2, $3, $4, $5) "
          + "RETURNING " + COLUMNS;

  private static final String CLAIM = """
      UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = clock_timestamp()
      WHERE id = (SELECT id FROM jobs WHERE state = 'queued'
                  ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING """ + " " + COLUMNS;

  private static final String DONE = "UPDATE jobs SET state = 'done', capture_id = $2, "
      + "error = NULL, updated_at = clock_timestamp() WHERE id = $1 AND state = 'running'";

  private static final String FAIL = "UPDATE jobs SET state = 'failed', error = $2::jsonb, "
      + "updated_at = clock_timestamp() WHERE id = $1 AND state = 'running'";

  /** $1 id, $2 problem if given up. */
  private static final String RETRY_OR_FAIL = """
      UPDATE jobs SET
        state = CASE WHEN attempts < %d THEN 'queued' ELSE 'failed' END,
        error = CASE WHEN attempts < %d THEN NULL ELSE $2::jsonb END,
        updated_at = clock_timestamp()
      WHERE id = $1 AND state = 'running'
      RETURNING state""".formatted(MAX_ATTEMPTS, MAX_ATTEMPTS);

  private static final String REQUEUE_ABANDONED = """
      UPDATE jobs SET
        state = CASE WHEN attempts < %d THEN 'queued' ELSE 'failed' END,
        error = CASE WHEN attempts < %d THEN NULL ELSE $1::jsonb END,
        updated_at = clock_timestamp()
      WHERE state = 'running'
      RETURNING state""".formatted(MAX_ATTEMPTS, MAX_ATTEMPTS);

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
        chain = chain.compose(v -> conn.preparedQuery(INSERT)
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

  /** Claims the oldest queued job (state running, attempts + 1), or empty when none is queued. */
  public Future<Optional<Job>> claimNext() {
    return pool.preparedQuery(CLAIM).execute().map(rows -> rows.size() == 0
        ? Optional.empty() : Optional.of(job(rows.iterator().next())));
  }

  /** Marks a running job done, inside the transaction that registered its capture. */
  public Future<Void> markDone(SqlConnection tx, UUID id, long captureId) {
    return tx.preparedQuery(DONE).execute(Tuple.of(id, captureId)).mapEmpty();
  }

  /** Marks a running job failed for good (the input is unusable: retrying cannot help). */
  public Future<Void> markFailed(UUID id, Problem problem) {
    return pool.preparedQuery(FAIL).execute(Tuple.of(id, problem.toJson())).mapEmpty();
  }

  /**
   * After a server-side fault: queues the job again while attempts remain, else fails it with
   * {@code problem}.
   *
   * @return the job's new state
   */
  public Future<JobState> retryOrFail(UUID id, Problem problem) {
    return pool.preparedQuery(RETRY_OR_FAIL).execute(Tuple.of(id, problem.toJson()))
        .map(rows -> rows.size() == 0 ? JobState.FAILED
            : JobState.of(rows.iterator().next().getString("state")));
  }

  /**
   * Puts jobs left {@code running} by a crashed process back in the queue, or fails those that
   * have used up their attempts. Call once at start, before workers claim anything.
   *
   * <p>Correct for one worker process. With several worker replicas sharing a database, a replica
   * starting would requeue jobs another replica is still running; that needs a lease (claimed_by +
   * heartbeat), not done yet.
   *
   * @return the number of jobs requeued
   */
  public Future<Integer> requeueAbandoned() {
    Problem gaveUp = Problem.of(ProblemType.ANALYSIS_FAILED,
        "analysis was interrupted " + MAX_ATTEMPTS + " times (the service stopped while running it)",
        null);
    return pool.preparedQuery(REQUEUE_ABANDONED).execute(Tuple.of(gaveUp.toJson()))
        .map(rows -> {
          int requeued = 0;
          for (Row row : rows) {
            if (JobState.of(row.getString("state")) == JobState.QUEUED) {
              requeued++;
            }
          }
          return requeued;
        });
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
        context instanceof JsonObject json ? json : new JsonObject());
  }
}
