package org.roadscan.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.jobs.ClaimerId;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;

/**
 * Leases of videos being expanded (issue #32) on a real PostgreSQL: a claim records its claimer
 * and a lease on the database's clock; the heartbeat extends only the claimer's own leases; only
 * expired leases are requeued (attempts rule kept); a claimer that lost its lease can neither queue
 * a frame nor finish the video.
 */
class PgSurveyMediaTest {

  private static final ClaimerId ME = new ClaimerId("replica-a:100:00000001");
  private static final ClaimerId OTHER = new ClaimerId("replica-b:200:00000002");
  private static final long LEASE_MS = 30_000;
  private static final String FRAME_SHA = "ef".repeat(32);

  private Vertx vertx;
  private Pool pool;
  private PgSurveyMedia media;
  private long surveyId;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = SharedPostgres.newMigratedPool(vertx);
    media = new PgSurveyMedia(pool);
    surveyId = Await.result(pool.query("INSERT INTO surveys (name, kind, profile)"
        + " VALUES ('flight', 'drone', '{}') RETURNING id").execute()).iterator().next().getLong(0);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void aClaimRecordsItsClaimerAndALeaseOnTheDatabaseClock() {
    long video = queueVideo(1);

    PgSurveyMedia.Claimed claimed = Await.result(media.claimNext(ME, LEASE_MS)).orElseThrow();

    assertThat(claimed.id()).isEqualTo(video);
    assertThat(claimed.attempts()).isEqualTo(1);
    Row row = leaseRow(video);
    assertThat(row.getString("state")).isEqualTo("expanding");
    assertThat(row.getString("claimed_by")).isEqualTo(ME.value());
    assertThat(row.getDouble("left_s")).isBetween(LEASE_MS / 1000.0 - 5, LEASE_MS / 1000.0);
  }

  @Test
  void anExpiredLeaseIsRequeuedALiveOneIsNotAndAnotherReplicaResumesTheVideo() {
    long mine = queueVideo(1);
    long others = queueVideo(2);
    Await.result(media.claimNext(ME, LEASE_MS));
    Await.result(media.claimNext(OTHER, LEASE_MS));
    expireLeasesOf(ME);

    int requeued = Await.result(media.requeueExpired());

    assertThat(requeued).isEqualTo(1);
    assertThat(leaseRow(mine).getString("state")).isEqualTo("queued");
    assertThat(leaseRow(mine).getValue("left_s")).as("no lease while queued").isNull();
    assertThat(leaseRow(others).getString("state")).as("a live lease").isEqualTo("expanding");
    PgSurveyMedia.Claimed takenOver = Await.result(media.claimNext(OTHER, LEASE_MS))
        .orElseThrow();
    assertThat(takenOver.id()).isEqualTo(mine);
    assertThat(takenOver.attempts()).as("the interrupted attempt counts").isEqualTo(2);
    assertThat(leaseRow(mine).getString("claimed_by")).isEqualTo(OTHER.value());
  }

  @Test
  void aVideoWhoseLeaseExpiredOnItsLastAttemptFails() {
    long video = queueVideo(1);
    Await.result(pool.preparedQuery("UPDATE survey_media SET attempts = $2 WHERE id = $1")
        .execute(Tuple.of(video, PgSurveyMedia.MAX_ATTEMPTS - 1)));
    Await.result(media.claimNext(ME, LEASE_MS));
    expireLeasesOf(ME);

    assertThat(Await.result(media.requeueExpired())).as("given up, not requeued").isZero();

    Row row = Await.result(pool.preparedQuery("SELECT state, error FROM survey_media"
        + " WHERE id = $1").execute(Tuple.of(video))).iterator().next();
    assertThat(row.getString("state")).isEqualTo("failed");
    assertThat(((JsonObject) row.getValue("error")).getString("detail"))
        .contains("interrupted " + PgSurveyMedia.MAX_ATTEMPTS + " times");
  }

  @Test
  void aVideoLeftExpandingBeforeLeasesExistedCountsAsExpired() {
    long video = queueVideo(1);
    Await.result(pool.preparedQuery("UPDATE survey_media SET state = 'expanding', attempts = 1"
        + " WHERE id = $1").execute(Tuple.of(video)));

    assertThat(Await.result(media.requeueExpired())).isEqualTo(1);
  }

  @Test
  void aClaimerThatLostItsLeaseCanNeitherQueueFramesNorFinishTheVideo() {
    long video = queueVideo(1);
    Await.result(media.claimNext(ME, LEASE_MS));
    assertThat(Await.result(media.insertFrame(ME, surveyId, video, 0, FRAME_SHA, "a#frame=0",
        new JsonObject(), null))).isTrue();
    expireLeasesOf(ME);
    Await.result(media.requeueExpired());
    Await.result(media.claimNext(OTHER, LEASE_MS)).orElseThrow();
    Problem fault = Problem.of(ProblemType.ANALYSIS_FAILED, "boom", "video");

    Throwable frame = Await.failure(media.insertFrame(ME, surveyId, video, 1, FRAME_SHA,
        "a#frame=1", new JsonObject(), null));
    Throwable refusal = Await.failure(media.refuseFrame(ME, video, 2, 1000, fault));
    Throwable done = Await.failure(media.markDone(video, ME));
    Throwable failed = Await.failure(media.markFailed(video, ME, fault));
    Throwable retried = Await.failure(media.retryOrFail(video, ME, fault));

    assertThat(frame).isInstanceOf(PgSurveyMedia.LostClaimException.class);
    assertThat(refusal).isInstanceOf(PgSurveyMedia.LostClaimException.class);
    assertThat(done).isInstanceOf(PgSurveyMedia.LostClaimException.class);
    assertThat(failed).isInstanceOf(PgSurveyMedia.LostClaimException.class);
    assertThat(retried).isInstanceOf(PgSurveyMedia.LostClaimException.class);
    Row row = Await.result(pool.preparedQuery("SELECT state, claimed_by, error, frames_sampled,"
        + " frames_refused, (SELECT count(*) FROM jobs WHERE media_id = $1) AS frames"
        + " FROM survey_media WHERE id = $1").execute(Tuple.of(video))).iterator().next();
    assertThat(row.getString("state")).as("still the new claimer's").isEqualTo("expanding");
    assertThat(row.getString("claimed_by")).isEqualTo(OTHER.value());
    assertThat(row.getValue("error")).isNull();
    assertThat(row.getLong("frames")).as("only the frame queued under the live claim")
        .isEqualTo(1);
    assertThat(row.getInteger("frames_sampled")).isEqualTo(1);
    assertThat(row.getInteger("frames_refused")).isZero();
    assertThat(Await.result(media.lastFrameIndex(video))).isZero();
    // the new claimer resumes after frame 0, and the same frame is never queued twice
    assertThat(Await.result(media.insertFrame(OTHER, surveyId, video, 0, FRAME_SHA, "a#frame=0",
        new JsonObject(), null))).isFalse();
    Await.result(media.markDone(video, OTHER));
    assertThat(leaseRow(video).getString("state")).isEqualTo("done");
  }

  @Test
  void theHeartbeatExtendsOnlyTheClaimersOwnLeases() {
    long mine = queueVideo(1);
    long others = queueVideo(2);
    Await.result(media.claimNext(ME, LEASE_MS));
    Await.result(media.claimNext(OTHER, LEASE_MS));
    expireLeases();

    int renewed = Await.result(media.renewLeases(ME, LEASE_MS));
    int requeued = Await.result(media.requeueExpired());

    assertThat(renewed).isEqualTo(1);
    assertThat(leaseRow(mine).getDouble("left_s")).isGreaterThan(20);
    assertThat(requeued).as("only the lease nobody renewed").isEqualTo(1);
    assertThat(leaseRow(mine).getString("state")).isEqualTo("expanding");
    assertThat(leaseRow(others).getString("state")).isEqualTo("queued");
  }

  @Test
  void aStoppingReplicaReleasesOnlyItsOwnVideos() {
    long mine = queueVideo(1);
    long others = queueVideo(2);
    Await.result(media.claimNext(ME, LEASE_MS));
    Await.result(media.claimNext(OTHER, LEASE_MS));

    assertThat(Await.result(media.release(ME))).isEqualTo(1);

    assertThat(leaseRow(mine).getString("state")).isEqualTo("queued");
    assertThat(leaseRow(others).getString("state")).isEqualTo("expanding");
  }

  @Test
  void withADatabaseOfItsOwnAStartRequeuesEveryExpandingVideoLiveLeaseOrNot() {
    queueVideo(1);
    long others = queueVideo(2);
    Await.result(media.claimNext(ME, LEASE_MS));
    Await.result(media.claimNext(OTHER, LEASE_MS));

    assertThat(Await.result(media.requeueAllExpanding())).isEqualTo(2);
    assertThat(leaseRow(others).getString("state")).isEqualTo("queued");
  }

  private long queueVideo(int n) {
    return Await.result(pool.preparedQuery("INSERT INTO survey_media (survey_id, kind, state,"
            + " file_name, sha256, bytes, telemetry_kind, telemetry_file_name, telemetry_sha256)"
            + " VALUES ($1, 'video', 'queued', $2, $3, 1000, 'srt', 'v.SRT', $4) RETURNING id")
        .execute(Tuple.of(surveyId, "DJI_000" + n + ".MP4", "%064x".formatted(n),
            "%064x".formatted(100 + n))))
        .iterator().next().getLong(0);
  }

  /** Lease ends in the past, as a replica that stopped renewing them leaves them. */
  private void expireLeases() {
    Await.result(pool.query("UPDATE survey_media SET lease_until = clock_timestamp()"
        + " - interval '1 s' WHERE state = 'expanding'").execute());
  }

  private void expireLeasesOf(ClaimerId claimer) {
    Await.result(pool.preparedQuery("UPDATE survey_media SET lease_until = clock_timestamp()"
        + " - interval '1 s' WHERE state = 'expanding' AND claimed_by = $1")
        .execute(Tuple.of(claimer.value())));
  }

  private Row leaseRow(long id) {
    return Await.result(pool.preparedQuery("SELECT state, claimed_by, extract(epoch FROM"
        + " lease_until - clock_timestamp())::float8 AS left_s FROM survey_media WHERE id = $1")
        .execute(Tuple.of(id))).iterator().next();
  }
}
