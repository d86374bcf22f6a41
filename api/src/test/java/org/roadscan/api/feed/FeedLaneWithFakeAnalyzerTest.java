package org.roadscan.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.testing.FakeAnonymiser;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.GatedAnalyzer;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.TestImages;
import org.roadscan.detector.geo.CaptureContext;

/** Issue #28: the feed lane under overload drops the oldest waiting frame of a stream. */
class FeedLaneWithFakeAnalyzerTest {

  private final Vertx vertx = Vertx.vertx();
  private final WorkerExecutor executor = vertx.createSharedWorkerExecutor("test-feed", 1);

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void aFullStreamDropsItsOldestWaitingFrameAndOtherStreamsKeepTheirTurn()
      throws InterruptedException {
    GatedAnalyzer analyzer = new GatedAnalyzer(new ScriptedCaptureAnalyzer());
    List<FeedFrame> droppedFrames = new ArrayList<>();
    FeedLane lane = new FeedLane(executor, FakeAnonymiser.PASS_THROUGH, 1, 2,
        droppedFrames::add);
    lane.ready(analyzer);

    assertThat(lane.busy()).isFalse(); // nothing yet: the survey may use every core
    Future<FeedResult> first = lane.submit(frame("incident:A", 1));
    analyzer.awaitEntered(); // frame 1 holds the only worker
    assertThat(lane.busy()).isTrue();
    Future<FeedResult> second = lane.submit(frame("incident:A", 2));
    Future<FeedResult> third = lane.submit(frame("incident:A", 3));
    Future<FeedResult> other = lane.submit(frame("incident:B", 9));
    assertThat(lane.waiting()).isEqualTo(3);
    Future<FeedResult> fourth = lane.submit(frame("incident:A", 4)); // A is full: 2 goes

    Throwable dropped = Await.failure(second);
    assertThat(dropped).isInstanceOf(ProblemException.class);
    assertThat(((ProblemException) dropped).problem().type()).isEqualTo(ProblemType.FRAME_DROPPED);
    assertThat(((ProblemException) dropped).problem().status()).isEqualTo(429);
    assertThat(droppedFrames).extracting(f -> f.jpeg()[0]).containsExactly((byte) 2);
    assertThat(lane.waiting()).isEqualTo(3); // no backlog beyond the bound
    assertThat(lane.dropped("incident:A")).isEqualTo(1);
    assertThat(lane.dropped("incident:B")).isZero();

    analyzer.open();
    List<FeedResult> done = List.of(Await.result(first), Await.result(third),
        Await.result(other), Await.result(fourth));
    assertThat(done).extracting(r -> r.frame().jpeg()[0])
        .containsExactly((byte) 1, (byte) 3, (byte) 9, (byte) 4);
    // round robin: B's frame went right after A's running one, before A's next
    assertThat(Await.result(other).frameId()).isLessThan(Await.result(third).frameId());
    assertThat(Await.result(fourth).dropped()).isEqualTo(1);
    assertThat(Await.result(first).dropped()).isZero();
    assertThat(lane.waiting()).isZero();
    // still busy just after its last frame: the next frame of a live feed is due
    assertThat(lane.busy()).isTrue();
  }

  @Test
  void withoutAnAnalyzerTheLaneAnswers503() {
    FeedLane lane = new FeedLane(executor, FakeAnonymiser.PASS_THROUGH, 1, 2, f -> { });
    Throwable refused = Await.failure(lane.submit(frame("incident:A", 1)));
    assertThat(((ProblemException) refused).problem().status()).isEqualTo(503);
  }

  /** A frame whose first byte tells which it is (the fake analyzer does not read it). */
  private static FeedFrame frame(String stream, int marker) {
    byte[] jpeg = TestImages.jpeg(marker);
    jpeg[0] = (byte) marker;
    return new FeedFrame(jpeg, CaptureContext.NONE, null, stream, Instant.now());
  }
}
