package org.roadscan.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.capture.CaptureContextJson;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.detector.geo.CameraOverride;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.geo.VehicleMount;

class PgJobQueueTest {

  private Vertx vertx;
  private Pool pool;
  private PgJobQueue queue;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = SharedPostgres.newMigratedPool(vertx);
    queue = new PgJobQueue(pool);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private static NewJob image(int n) {
    return new NewJob("%064x".formatted(n), "image-" + n + ".jpg");
  }

  @Test
  void aJobKeepsItsSurveyProfileAndTrackHeadingUntilItIsClaimed() {
    CaptureContext context = new CaptureContext(new SurveyProfile(
        new CameraOverride(null, 4.5, 6.17, null, null), new VehicleMount(1.4, -12, 1.5, 180),
        -2.5, 3.0, null, 1.0), 87.5);
    CaptureContext elevation = CaptureContext.of(new SurveyProfile(null, null, 0, null, null,
        null, 52.5));
    NewJob withProfile = new NewJob("%064x".formatted(7), "run-7.jpg",
        CaptureContextJson.toJson(context));

    NewJob withElevation = new NewJob("%064x".formatted(9), "flight-9.jpg",
        CaptureContextJson.toJson(elevation));

    Await.result(queue.enqueue(List.of(withProfile, image(8), withElevation)));
    Job claimed = Await.result(queue.claimNext()).orElseThrow();
    Job plain = Await.result(queue.claimNext()).orElseThrow();
    Job elevated = Await.result(queue.claimNext()).orElseThrow();

    assertThat(CaptureContextJson.fromJson(claimed.context())).isEqualTo(context);
    assertThat(CaptureContextJson.fromJson(plain.context())).isEqualTo(CaptureContext.NONE);
    assertThat(CaptureContextJson.fromJson(elevated.context())).isEqualTo(elevation);
  }

  @Test
  void jobsAreClaimedOnceInTheOrderTheyWereQueued() {
    List<Job> queued = Await.result(queue.enqueue(List.of(image(1), image(2), image(3))));

    Optional<Job> a = Await.result(queue.claimNext());
    // Two claims at once: SKIP LOCKED hands them different jobs.
    List<Optional<Job>> both = Await.result(Future.all(queue.claimNext(), queue.claimNext())
        .map(all -> List.<Optional<Job>>of(all.resultAt(0), all.resultAt(1))));
    Optional<Job> none = Await.result(queue.claimNext());

    assertThat(queued).extracting(Job::state).containsOnly(JobState.QUEUED);
    assertThat(a).map(Job::id).contains(queued.get(0).id());
    assertThat(a.get().state()).isEqualTo(JobState.RUNNING);
    assertThat(a.get().attempts()).isEqualTo(1);
    assertThat(both).extracting(job -> job.orElseThrow().id())
        .containsExactlyInAnyOrder(queued.get(1).id(), queued.get(2).id());
    assertThat(none).isEmpty();
  }

  @Test
  void jobsLeftRunningByACrashAreRequeuedUntilTheirAttemptsAreUsedUp() {
    List<Job> queued = Await.result(queue.enqueue(List.of(image(1), image(2))));
    Await.result(queue.claimNext());
    Await.result(queue.claimNext());
    Await.result(pool.preparedQuery("UPDATE jobs SET attempts = $2 WHERE id = $1")
        .execute(Tuple.of(queued.get(1).id(), PgJobQueue.MAX_ATTEMPTS)));

    int requeued = Await.result(queue.requeueAbandoned());

    assertThat(requeued).isEqualTo(1);
    Job retried = Await.result(queue.find(queued.get(0).id())).orElseThrow();
    Job gaveUp = Await.result(queue.find(queued.get(1).id())).orElseThrow();
    assertThat(retried.state()).isEqualTo(JobState.QUEUED);
    assertThat(gaveUp.state()).isEqualTo(JobState.FAILED);
    assertThat(gaveUp.error().getString("type")).isEqualTo(ProblemType.ANALYSIS_FAILED.uri());
  }

  @Test
  void aServerFaultRetriesThenFails() {
    Job job = Await.result(queue.enqueue(List.of(image(1)))).get(0);
    Problem fault = Problem.of(ProblemType.ANALYSIS_FAILED, "boom", null);

    for (int attempt = 1; attempt < PgJobQueue.MAX_ATTEMPTS; attempt++) {
      assertThat(Await.result(queue.claimNext())).isPresent();
      assertThat(Await.result(queue.retryOrFail(job.id(), fault))).isEqualTo(JobState.QUEUED);
    }
    assertThat(Await.result(queue.claimNext())).isPresent();
    assertThat(Await.result(queue.retryOrFail(job.id(), fault))).isEqualTo(JobState.FAILED);
    assertThat(Await.result(queue.find(job.id())).orElseThrow().error().getString("detail"))
        .isEqualTo("boom");
  }
}
