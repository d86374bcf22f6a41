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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestImages;

/**
 * The durable video seam: {@link MediaExpansion} with a fake {@link VideoFrames} on a real
 * PostgreSQL. A crash of the decoder resumes after the last queued or refused frame, and no frame
 * is queued twice even when the decoder produces it again.
 */
class MediaExpansionWithFakeFramesTest {

  private static final String SHA = "ab".repeat(32);
  private static final String TELEMETRY_SHA = "cd".repeat(32);

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
  void aVideoLeftExpandingByAStoppedProcessIsRequeuedAndResumed() {
    Pool pool = SharedPostgres.newMigratedPool(vertx);
    long mediaId = insertVideo(pool, "expanding");
    long surveyId = Await.result(pool.preparedQuery("SELECT survey_id FROM survey_media"
        + " WHERE id = $1").execute(Tuple.of(mediaId))).iterator().next().getLong(0);
    PgSurveyMedia media = new PgSurveyMedia(pool);
    Await.result(media.insertFrame(surveyId, mediaId, 0, ImageStore.sha256(TestImages.jpeg(100)),
        "DJI_0001.MP4#frame=0", new JsonObject()));
    List<Integer> resumedAfter = new CopyOnWriteArrayList<>();
    MediaExpansion expansion = expansion(pool, (row, after, consumer) -> {
      resumedAfter.add(after);
      consumer.accept(new VideoFrame(0, 0, TestImages.jpeg(100), new JsonObject()));
      consumer.accept(new VideoFrame(1, 500, TestImages.jpeg(101), new JsonObject()));
    });

    assertThat(Await.result(media.requeueAbandoned())).isEqualTo(1);
    vertx.runOnContext(v -> expansion.start());
    waitForState(pool, mediaId, "done");

    assertThat(resumedAfter).containsExactly(0);
    assertThat(Await.result(pool.preparedQuery("SELECT count(*) FROM jobs WHERE media_id = $1")
        .execute(Tuple.of(mediaId))).iterator().next().getLong(0)).isEqualTo(2);
    Await.result(expansion.stop(5000));
  }

  private MediaExpansion expansion(Pool pool, VideoFrames frames) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("test-expansion", 1);
    return new MediaExpansion(vertx, new MediaExpansion.Services(new PgSurveyMedia(pool),
        new MediaStore(dir.resolve("media")), new ImageStore(dir.resolve("images")),
        TestCaptures.ACCEPT_ALL, frames, executor));
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
