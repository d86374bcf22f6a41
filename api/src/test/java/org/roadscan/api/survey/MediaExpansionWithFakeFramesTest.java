package org.roadscan.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.testing.FakeAnonymiser;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.jobs.ClaimerId;
import org.roadscan.api.jobs.JobLease;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;

/**
 * The durable video seam: {@link MediaExpansion} with a fake {@link VideoFrames} on a real
 * PostgreSQL. A crash of the decoder resumes after the last queued or refused frame, and no frame
 * is queued twice even when the decoder produces it again. Leases (issue #32): a video whose
 * claimer stopped renewing its lease is taken over by the heartbeat's sweep; an expansion that lost
 * its claim stops and writes nothing more; a graceful stop releases the video it still expands.
 */
class MediaExpansionWithFakeFramesTest {

  private static final String SHA = "ab".repeat(32);
  private static final String TELEMETRY_SHA = "cd".repeat(32);
  /** The shortest lease: a heartbeat (renewal and expiry sweep) every second. */
  private static final JobLease LEASE = new JobLease(new ClaimerId("replica-a:100:00000001"),
      JobLease.MIN_LEASE_MS);
  private static final ClaimerId DEAD = new ClaimerId("replica-dead:300:00000003");
  private static final ClaimerId OTHER = new ClaimerId("replica-b:200:00000002");

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  /** Frames 0..4 at 500 ms; frame 2 refused; the first call crashes after frame 2. */
  private static final class FlakyFrames implements VideoFrames {
    final List<Integer> resumedAfter = new CopyOnWriteArrayList<>();

    @Override
    public void expand(MediaRow media, int resumeAfterIndex, FrameConsumer consumer)
        throws Exception {
      resumedAfter.add(resumeAfterIndex);
      // Deliberately from 0 every time: the consumer must ignore what it has queued.
      for (int i = 0; i < 5; i++) {
        if (i == 2) {
          consumer.refuse(2, 1000, "no telemetry fix within 200 ms of the frame");
          if (resumedAfter.size() == 1) {
            throw new IllegalStateException("decoder crashed");
          }
          continue;
        }
        consumer.accept(new VideoFrame(i, i * 500L, TestImages.jpeg(100 + i),
            new JsonObject()));
      }
    }
  }

  @Test
  void aCrashedExpansionResumesAfterTheLastFrameAndQueuesEachFrameOnce() {
    Pool pool = SharedPostgres.newMigratedPool(vertx);
    long mediaId = insertVideo(pool, "queued");
    FlakyFrames frames = new FlakyFrames();
    MediaExpansion expansion = expansion(pool, frames);

    vertx.runOnContext(v -> expansion.start());
    waitForState(pool, mediaId, "done");

    assertThat(frames.resumedAfter).containsExactly(-1, 2);
    List<Integer> indexes = new ArrayList<>();
    for (Row row : Await.result(pool.preparedQuery("SELECT frame_index, state, file_name,"
        + " survey_id FROM jobs WHERE media_id = $1 ORDER BY frame_index").execute(
            Tuple.of(mediaId)))) {
      indexes.add(row.getInteger("frame_index"));
      assertThat(row.getString("state")).isEqualTo("queued");
      assertThat(row.getString("file_name")).startsWith("DJI_0001.MP4#frame=");
    }
    assertThat(indexes).containsExactly(0, 1, 3, 4);
    Row media = Await.result(pool.preparedQuery("SELECT frames_sampled, frames_refused, attempts"
        + " FROM survey_media WHERE id = $1").execute(Tuple.of(mediaId))).iterator().next();
    assertThat(media.getInteger("frames_sampled")).isEqualTo(4);
    assertThat(media.getInteger("frames_refused")).isEqualTo(1);
    assertThat(media.getInteger("attempts")).isEqualTo(2);
    Row failed = Await.result(pool.query("SELECT data FROM survey_events WHERE kind = 'failed'")
        .execute()).iterator().next();
    assertThat(((JsonObject) failed.getValue("data")).getInteger("frameIndex")).isEqualTo(2);
    Await.result(expansion.stop(5000));
  }

  @Test
  void aVideoWhoseClaimerStoppedRenewingItsLeaseIsRequeuedByTheHeartbeatAndResumed() {
    Pool pool = SharedPostgres.newMigratedPool(vertx);
    long mediaId = insertVideo(pool, "queued");
    long surveyId = surveyOf(pool, mediaId);
    PgSurveyMedia media = new PgSurveyMedia(pool);
    // a replica claimed the video, queued frame 0 and was killed: its lease runs out
    Await.result(media.claimNext(DEAD, 60_000)).orElseThrow();
    Await.result(media.insertFrame(DEAD, surveyId, mediaId, 0,
        ImageStore.sha256(TestImages.jpeg(100)), "DJI_0001.MP4#frame=0", new JsonObject(), null));
    Await.result(pool.preparedQuery("UPDATE survey_media SET lease_until = clock_timestamp()"
        + " - interval '1 s' WHERE id = $1").execute(Tuple.of(mediaId)));
    List<Integer> resumedAfter = new CopyOnWriteArrayList<>();
    MediaExpansion expansion = expansion(pool, (row, after, consumer) -> {
      resumedAfter.add(after);
      consumer.accept(new VideoFrame(0, 0, TestImages.jpeg(100), new JsonObject()));
      consumer.accept(new VideoFrame(1, 500, TestImages.jpeg(101), new JsonObject()));
    });

    // no call here: the expansion's own heartbeat finds the expired lease
    vertx.runOnContext(v -> expansion.start());
    waitForState(pool, mediaId, "done");

    assertThat(resumedAfter).containsExactly(0);
    assertThat(Await.result(pool.preparedQuery("SELECT count(*) FROM jobs WHERE media_id = $1")
        .execute(Tuple.of(mediaId))).iterator().next().getLong(0)).isEqualTo(2);
    Row row = Await.result(pool.preparedQuery("SELECT attempts, claimed_by FROM survey_media"
        + " WHERE id = $1").execute(Tuple.of(mediaId))).iterator().next();
    assertThat(row.getInteger("attempts")).isEqualTo(2);
    assertThat(row.getString("claimed_by")).isEqualTo(LEASE.claimer().value());
    Await.result(expansion.stop(5000));
  }

  @Test
  void anExpansionThatLostItsClaimStopsAndWritesNothingMore() {
    Pool pool = SharedPostgres.newMigratedPool(vertx);
    long mediaId = insertVideo(pool, "queued");
    List<Integer> offered = new CopyOnWriteArrayList<>();
    MediaExpansion expansion = expansion(pool, (row, after, consumer) -> {
      for (int i = 0; i < 4; i++) {
        if (i == 2) {
          // another replica took the video over meanwhile (this one's lease had expired)
          Await.result(pool.preparedQuery("UPDATE survey_media SET claimed_by = $2,"
              + " attempts = attempts + 1 WHERE id = $1").execute(Tuple.of(row.id(),
                  OTHER.value())));
        }
        offered.add(i);
        consumer.accept(new VideoFrame(i, i * 500L, TestImages.jpeg(100 + i),
            new JsonObject()));
      }
    });

    vertx.runOnContext(v -> expansion.start());
    waitFor(pool, "SELECT count(*) = 0 FROM survey_media WHERE id = $1 AND state = 'expanding'"
        + " AND claimed_by = '" + LEASE.claimer().value() + "'", mediaId);
    Await.result(expansion.stop(5000));

    assertThat(offered).as("the decoder stopped at the first frame it could not queue")
        .containsExactly(0, 1, 2);
    assertThat(Await.result(pool.preparedQuery("SELECT frame_index FROM jobs WHERE media_id = $1"
        + " ORDER BY frame_index").execute(Tuple.of(mediaId))).rowCount()).isEqualTo(2);
    Row row = Await.result(pool.preparedQuery("SELECT state, claimed_by, error, frames_sampled"
        + " FROM survey_media WHERE id = $1").execute(Tuple.of(mediaId))).iterator().next();
    assertThat(row.getString("state")).as("neither done nor requeued by the loser")
        .isEqualTo("expanding");
    assertThat(row.getString("claimed_by")).isEqualTo(OTHER.value());
    assertThat(row.getValue("error")).isNull();
    assertThat(row.getInteger("frames_sampled")).isEqualTo(2);
  }

  @Test
  void aGracefulStopReleasesTheVideoStillExpanding() throws Exception {
    Pool pool = SharedPostgres.newMigratedPool(vertx);
    long mediaId = insertVideo(pool, "queued");
    CountDownLatch decoding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MediaExpansion expansion = expansion(pool, (row, after, consumer) -> {
      consumer.accept(new VideoFrame(0, 0, TestImages.jpeg(100), new JsonObject()));
      decoding.countDown();
      release.await(30, TimeUnit.SECONDS);
      consumer.accept(new VideoFrame(1, 500, TestImages.jpeg(101), new JsonObject()));
    });
    vertx.runOnContext(v -> expansion.start());
    assertThat(decoding.await(30, TimeUnit.SECONDS)).isTrue();

    Await.result(expansion.stop(200));
    release.countDown();

    Row row = Await.result(pool.preparedQuery("SELECT state, attempts, lease_until"
        + " FROM survey_media WHERE id = $1").execute(Tuple.of(mediaId))).iterator().next();
    assertThat(row.getString("state")).as("back in the queue for another replica")
        .isEqualTo("queued");
    assertThat(row.getValue("lease_until")).isNull();
    // the decoder went on after the release: its next frame was not queued
    Await.result(vertx.timer(500));
    assertThat(Await.result(pool.preparedQuery("SELECT count(*) FROM jobs WHERE media_id = $1")
        .execute(Tuple.of(mediaId))).iterator().next().getLong(0)).isEqualTo(1);
    assertThat(Await.result(pool.preparedQuery("SELECT state FROM survey_media WHERE id = $1")
        .execute(Tuple.of(mediaId))).iterator().next().getString(0)).isEqualTo("queued");
  }

  private MediaExpansion expansion(Pool pool, VideoFrames frames) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("test-expansion", 1);
    return new MediaExpansion(vertx, new MediaExpansion.Services(new PgSurveyMedia(pool),
        new MediaStore(dir.resolve("media")), new ImageStore(dir.resolve("images"),
            FakeAnonymiser.PASS_THROUGH),
        TestCaptures.ACCEPT_ALL, frames, executor), LEASE);
  }

  private static long surveyOf(Pool pool, long mediaId) {
    return Await.result(pool.preparedQuery("SELECT survey_id FROM survey_media WHERE id = $1")
        .execute(Tuple.of(mediaId))).iterator().next().getLong(0);
  }

  /** Waits until {@code sql} (a boolean of $1) is true. */
  private void waitFor(Pool pool, String sql, long mediaId) {
    for (int i = 0; i < 400; i++) {
      if (Await.result(pool.preparedQuery(sql).execute(Tuple.of(mediaId))).iterator().next()
          .getBoolean(0)) {
        return;
      }
      Await.result(vertx.timer(25));
    }
    throw new AssertionError("never: " + sql);
  }

  private static long insertVideo(Pool pool, String state) {
    long surveyId = Await.result(pool.query("INSERT INTO surveys (name, kind, profile)"
        + " VALUES ('flight', 'drone', '{}') RETURNING id").execute()).iterator().next().getLong(0);
    return Await.result(pool.preparedQuery("INSERT INTO survey_media (survey_id, kind, state,"
            + " file_name, sha256, bytes, telemetry_kind, telemetry_file_name, telemetry_sha256,"
            + " attempts) VALUES ($1, 'video', $2, 'DJI_0001.MP4', $3, 1000, 'srt',"
            + " 'DJI_0001.SRT', $4, $5) RETURNING id")
        .execute(Tuple.of(surveyId, state, SHA, TELEMETRY_SHA, "expanding".equals(state) ? 1 : 0)))
        .iterator().next().getLong(0);
  }

  private void waitForState(Pool pool, long mediaId, String state) {
    for (int i = 0; i < 400; i++) {
      String now = Await.result(pool.preparedQuery("SELECT state FROM survey_media WHERE id = $1")
          .execute(Tuple.of(mediaId))).iterator().next().getString(0);
      if (state.equals(now)) {
        return;
      }
      Await.result(vertx.timer(25));
    }
    throw new AssertionError("media " + mediaId + " never " + state);
  }
}
