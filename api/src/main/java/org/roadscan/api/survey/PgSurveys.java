package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.roadscan.api.capture.ImagePrivacy;

/**
 * Surveys, their jobs and videos in PostgreSQL ({@code surveys}, {@code survey_media}, the
 * survey columns of {@code jobs}). Thread-safe, non-blocking.
 */
public final class PgSurveys {

  /** A job of a survey: its id, and whether the same bytes had been queued in it before. */
  public record QueuedImage(UUID jobId, boolean duplicate) {
  }

  /** A video of a survey: its media id, and whether the same bytes had been accepted before. */
  public record QueuedVideo(long mediaId, boolean duplicate) {
  }

  /** A video to insert, with its telemetry or track; both already stored. */
  public record NewVideo(String fileName, String sha256, long bytes, String telemetryKind,
      String telemetryFileName, String telemetrySha256) {
  }

  private static final String SURVEY_COLUMNS =
      "id, name, kind, profile, video, created_at, created_by";

  private static final String PROGRESS = """
      SELECT
        (SELECT count(*) FROM jobs WHERE survey_id = $1) AS accepted,
        (SELECT count(*) FROM jobs WHERE survey_id = $1 AND state = 'done') AS processed,
        (SELECT count(*) FROM jobs WHERE survey_id = $1 AND state = 'failed')
          + (SELECT count(*) FROM survey_frame_failures f JOIN survey_media m ON m.id = f.media_id
             WHERE m.survey_id = $1) AS failed,
        (SELECT count(DISTINCT o.damage_id) FROM jobs j JOIN observations o
           ON o.capture_id = j.capture_id WHERE j.survey_id = $1 AND j.state = 'done') AS damages,
        (SELECT count(*) FROM survey_media WHERE survey_id = $1) AS media,
        (SELECT count(*) FROM jobs WHERE survey_id = $1 AND state IN ('queued', 'running'))
          AS pending_jobs,
        (SELECT count(*) FROM survey_media
         WHERE survey_id = $1 AND state IN ('queued', 'expanding')) AS pending_media""";

  private static final String INSERT_IMAGE_JOB = """
      INSERT INTO jobs (id, state, image_sha256, file_name, context, survey_id)
      VALUES ($1, 'queued', $2, $3, $4, $5)
      ON CONFLICT (survey_id, image_sha256) WHERE survey_id IS NOT NULL AND media_id IS NULL
      DO NOTHING RETURNING id""";

  private static final String INSERT_VIDEO = """
      INSERT INTO survey_media (survey_id, kind, state, file_name, sha256, bytes, telemetry_kind,
                                telemetry_file_name, telemetry_sha256)
      VALUES ($1, 'video', 'queued', $2, $3, $4, $5, $6, $7)
      ON CONFLICT (survey_id, sha256) DO NOTHING RETURNING id""";

  private final Pool pool;

  public PgSurveys(Pool pool) {
    this.pool = pool;
  }

  /** @param createdBy the creating principal's name (a crew sees only its own surveys) */
  public Future<Survey> create(NewSurvey survey, String createdBy) {
    return pool.preparedQuery("INSERT INTO surveys (name, kind, profile, video, created_by)"
            + " VALUES ($1, $2, $3, $4, $5) RETURNING " + SURVEY_COLUMNS)
        .execute(Tuple.of(survey.name(), survey.kind().value(), survey.profile(),
            survey.video() == null ? null : survey.video().toJson(), createdBy))
        .map(rows -> survey(rows.iterator().next()));
  }

  public Future<Optional<Survey>> find(long id) {
    return pool.preparedQuery("SELECT " + SURVEY_COLUMNS + " FROM surveys WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(survey(rows.iterator().next())));
  }

  /**
   * Up to {@code limit} surveys, newest first, older than {@code beforeId} when given, created by
   * {@code createdBy} only when given (a crew's own).
   */
  public Future<List<Survey>> page(int limit, Long beforeId, String createdBy) {
    return pool.preparedQuery("SELECT " + SURVEY_COLUMNS + " FROM surveys"
            + " WHERE ($1::bigint IS NULL OR id < $1) AND ($3::text IS NULL OR created_by = $3)"
            + " ORDER BY id DESC LIMIT $2")
        .execute(Tuple.of(beforeId, limit, createdBy))
        .map(rows -> {
          List<Survey> surveys = new ArrayList<>();
          rows.forEach(row -> surveys.add(survey(row)));
          return surveys;
        });
  }

  public Future<SurveyProgress> progress(long id) {
    return pool.preparedQuery(PROGRESS).execute(Tuple.of(id)).map(rows -> {
      Row row = rows.iterator().next();
      return new SurveyProgress(row.getLong("accepted"), row.getLong("processed"),
          row.getLong("failed"), row.getLong("damages"), row.getLong("media"),
          row.getLong("pending_jobs"), row.getLong("pending_media"));
    });
  }

  /** The survey's videos, oldest first. */
  public Future<List<MediaStatus>> media(long surveyId) {
    return pool.preparedQuery("SELECT id, file_name, sha256, bytes, telemetry_kind,"
            + " telemetry_file_name, state, frames_sampled, frames_refused, error, created_at"
            + " FROM survey_media WHERE survey_id = $1 ORDER BY id")
        .execute(Tuple.of(surveyId))
        .map(rows -> {
          List<MediaStatus> media = new ArrayList<>();
          for (Row row : rows) {
            Object error = row.getValue("error");
            media.add(new MediaStatus(row.getLong("id"), row.getString("file_name"),
                row.getString("sha256"), row.getLong("bytes"), row.getString("telemetry_kind"),
                row.getString("telemetry_file_name"), row.getString("state"),
                row.getInteger("frames_sampled"), row.getInteger("frames_refused"),
                error instanceof JsonObject json ? json : null,
                row.getOffsetDateTime("created_at").toInstant()));
          }
          return media;
        });
  }

  /** The job of an image already queued in the survey, if any. */
  public Future<Optional<UUID>> imageJob(long surveyId, String sha256) {
    return pool.preparedQuery("SELECT id FROM jobs WHERE survey_id = $1 AND image_sha256 = $2"
            + " AND media_id IS NULL")
        .execute(Tuple.of(surveyId, sha256))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getUUID("id")));
  }

  /** An image job to queue. */
  public record NewImageJob(String sha256, String fileName, JsonObject context,
      ImagePrivacy privacy) {
  }

  /**
   * Queues the images' jobs in one transaction (so workers never see half a request, and the
   * survey is not reported done between two of its images), each unless the same bytes are
   * queued in the survey already: then the existing job is returned as a duplicate (a concurrent
   * upload of the same bytes is caught by the unique index).
   */
  public Future<List<QueuedImage>> enqueueImages(long surveyId, List<NewImageJob> images) {
    return pool.withTransaction(conn -> {
      List<QueuedImage> queued = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (NewImageJob image : images) {
        chain = chain.compose(v -> ImagePrivacy.record(conn, image.privacy()))
            .compose(v -> conn.preparedQuery(INSERT_IMAGE_JOB)
            .execute(Tuple.of(UUID.randomUUID(), image.sha256(), image.fileName(),
                image.context(), surveyId))
            .compose(rows -> rows.size() > 0
                ? Future.succeededFuture(new QueuedImage(rows.iterator().next().getUUID("id"),
                    false))
                : conn.preparedQuery("SELECT id FROM jobs WHERE survey_id = $1"
                        + " AND image_sha256 = $2 AND media_id IS NULL")
                    .execute(Tuple.of(surveyId, image.sha256()))
                    .map(existing -> new QueuedImage(existing.iterator().next().getUUID("id"),
                        true)))
            .map(job -> {
              queued.add(job);
              return null;
            }));
      }
      return chain.map(v -> queued);
    });
  }

  /** Inserts a queued video, or returns the one with the same bytes as a duplicate. */
  public Future<QueuedVideo> insertVideo(long surveyId, NewVideo video) {
    return pool.preparedQuery(INSERT_VIDEO)
        .execute(Tuple.of(surveyId, video.fileName(), video.sha256(), video.bytes(),
            video.telemetryKind(), video.telemetryFileName(), video.telemetrySha256()))
        .compose(rows -> rows.size() > 0
            ? Future.succeededFuture(new QueuedVideo(rows.iterator().next().getLong("id"), false))
            : pool.preparedQuery("SELECT id FROM survey_media WHERE survey_id = $1 AND sha256 = $2")
                .execute(Tuple.of(surveyId, video.sha256()))
                .map(existing -> new QueuedVideo(existing.iterator().next().getLong("id"), true)));
  }

  /**
   * Queued jobs of every survey and capture, counted up to {@code cap} only (on the partial index
   * {@code jobs_queued}), so the check stays cheap however deep the queue is.
   */
  public Future<Long> queuedJobs(int cap) {
    return pool.preparedQuery("SELECT count(*) AS n FROM (SELECT 1 FROM jobs"
            + " WHERE state = 'queued' LIMIT $1) q")
        .execute(Tuple.of(cap))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static Survey survey(Row row) {
    Object profile = row.getValue("profile");
    Object video = row.getValue("video");
    SurveyVideo parsedVideo = null;
    if (video instanceof JsonObject json) {
      try {
        parsedVideo = SurveyVideo.fromJson(json, "profile.video");
      } catch (RuntimeException e) {
        throw new IllegalStateException("stored survey video is invalid: " + json, e);
      }
    }
    return new Survey(row.getLong("id"), row.getString("name"),
        SurveyKind.of(row.getString("kind")),
        profile instanceof JsonObject json ? json : new JsonObject(), parsedVideo,
        row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by"));
  }
}
