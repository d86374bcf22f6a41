package org.roadscan.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

  private static final ClaimerId ME = new ClaimerId("replica-a:100:00000001");
  private static final ClaimerId OTHER = new ClaimerId("replica-b:200:00000002");
  private static final long LEASE_MS = 30_000;

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
    Job claimed = Await.result(queue.claimNext(ME, LEASE_MS)).orElseThrow();
    Job plain = Await.result(queue.claimNext(ME, LEASE_MS)).orElseThrow();
    Job elevated = Await.result(queue.claimNext(ME, LEASE_MS)).orElseThrow();

    assertThat(CaptureContextJson.fromJson(claimed.context())).isEqualTo(context);
    assertThat(CaptureContextJson.fromJson(plain.context())).isEqualTo(CaptureContext.NONE);
    assertThat(CaptureContextJson.fromJson(elevated.context())).isEqualTo(elevation);
  }

  @Test
  void jobsAreClaimedOnceInTheOrderTheyWereQueued() {
    List<Job> queued = Await.result(queue.enqueue(List.of(image(1), image(2), image(3))));

    Optional<Job> a = Await.result(queue.claimNext(ME, LEASE_MS));
    // Two claims at once: SKIP LOCKED hands them different jobs.
    List<Optional<Job>> both = Await.result(Future.all(queue.claimNext(ME, LEASE_MS), queue.claimNext(ME, LEASE_MS))
        .map(all -> List.<Optional<Job>>of(all.resultAt(0), all.resultAt(1))));
    Optional<Job> none = Await.result(queue.claimNext(ME, LEASE_MS));

    assertThat(queued).extracting(Job::state).containsOnly(JobState.QUEUED);
    assertThat(a).map(Job::id).contains(queued.get(0).id());
    assertThat(a.get().state()).isEqualTo(JobState.RUNNING);
    assertThat(a.get().attempts()).isEqualTo(1);
    assertThat(both).extracting(job -> job.orElseThrow().id())
        .containsExactlyInAnyOrder(queued.get(1).id(), queued.get(2).id());
    assertThat(none).isEmpty();
  }

  @Test
  void jobsWhoseLeaseExpiredAreRequeuedUntilTheirAttemptsAreUsedUp() {
    List<Job> queued = Await.result(queue.enqueue(List.of(image(1), image(2))));
    Await.result(queue.claimNext(ME, LEASE_MS));
    Await.result(queue.claimNext(ME, LEASE_MS));
    Await.result(pool.preparedQuery("UPDATE jobs SET attempts = $2 WHERE id = $1")
        .execute(Tuple.of(queued.get(1).id(), PgJobQueue.MAX_ATTEMPTS)));
    expireLeases();

    int requeued = Await.result(queue.requeueExpired());

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
      assertThat(Await.result(queue.claimNext(ME, LEASE_MS))).isPresent();
      assertThat(Await.result(queue.retryOrFail(job.id(), ME, fault))).contains(JobState.QUEUED);
    }
    assertThat(Await.result(queue.claimNext(ME, LEASE_MS))).isPresent();
    assertThat(Await.result(queue.retryOrFail(job.id(), ME, fault))).contains(JobState.FAILED);
    assertThat(Await.result(queue.find(job.id())).orElseThrow().error().getString("detail"))
        .isEqualTo("boom");
  }

  @Test
  void aClaimRecordsItsClaimerAndALeaseOnTheDatabaseClock() {
    Job job = Await.result(queue.enqueue(List.of(image(1)))).get(0);

    Await.result(queue.claimNext(ME, LEASE_MS)).orElseThrow();

    Row row = leaseRow(job.id());
    assertThat(row.getString("claimed_by")).isEqualTo(ME.value());
    // lease_until - now() in seconds: the lease (minus the statement's own few milliseconds)
    assertThat(row.getDouble("left_s")).isBetween(LEASE_MS / 1000.0 - 5, LEASE_MS / 1000.0);
  }

  @Test
  void aLiveLeaseIsNotRequeuedAnExpiredOneIsAndAnotherReplicaTakesItOver() {
    List<Job> jobs = Await.result(queue.enqueue(List.of(image(1), image(2))));
    Await.result(queue.claimNext(ME, LEASE_MS));
    Await.result(queue.claimNext(OTHER, LEASE_MS));
    expireLeasesOf(ME);

    int requeued = Await.result(queue.requeueExpired());

    assertThat(requeued).isEqualTo(1);
    assertThat(Await.result(queue.find(jobs.get(0).id())).orElseThrow().state())
        .as("the job of the replica that stopped renewing").isEqualTo(JobState.QUEUED);
    assertThat(Await.result(queue.find(jobs.get(1).id())).orElseThrow().state())
        .as("the job with a live lease").isEqualTo(JobState.RUNNING);
    Job takenOver = Await.result(queue.claimNext(OTHER, LEASE_MS)).orElseThrow();
    assertThat(takenOver.id()).isEqualTo(jobs.get(0).id());
    assertThat(takenOver.attempts()).as("the interrupted attempt counts").isEqualTo(2);
    assertThat(leaseRow(takenOver.id()).getString("claimed_by")).isEqualTo(OTHER.value());
  }

  @Test
  void aClaimerThatLostItsLeaseCannotWriteAResult() {
    Job job = Await.result(queue.enqueue(List.of(image(1)))).get(0);
    Await.result(queue.claimNext(ME, LEASE_MS));
    expireLeasesOf(ME);
    Await.result(queue.requeueExpired());
    Await.result(queue.claimNext(OTHER, LEASE_MS)).orElseThrow();
    Problem fault = Problem.of(ProblemType.ANALYSIS_FAILED, "boom", null);

    // done, in the registering transaction: fails, so that transaction rolls back
    Throwable lost = Await.failure(pool.withTransaction(tx -> queue.markDone(tx, job.id(), ME,
        1L)));
    boolean failed = Await.result(queue.markFailed(job.id(), ME, fault));
    Optional<JobState> retried = Await.result(queue.retryOrFail(job.id(), ME, fault));

    assertThat(lost).isInstanceOf(PgJobQueue.LostClaimException.class);
    assertThat(failed).isFalse();
    assertThat(retried).isEmpty();
    Job now = Await.result(queue.find(job.id())).orElseThrow();
    assertThat(now.state()).as("still the new claimer's").isEqualTo(JobState.RUNNING);
    assertThat(now.error()).isNull();
    assertThat(Await.result(queue.markFailed(job.id(), OTHER, fault))).isTrue();
    assertThat(Await.result(queue.find(job.id())).orElseThrow().state())
        .isEqualTo(JobState.FAILED);
  }

  @Test
  void theHeartbeatExtendsOnlyTheClaimersOwnLeases() {
    List<Job> jobs = Await.result(queue.enqueue(List.of(image(1), image(2))));
    Await.result(queue.claimNext(ME, LEASE_MS));
    Await.result(queue.claimNext(OTHER, LEASE_MS));
    expireLeases();

    int renewed = Await.result(queue.renewLeases(ME, LEASE_MS));
    int requeued = Await.result(queue.requeueExpired());

    assertThat(renewed).isEqualTo(1);
    assertThat(leaseRow(jobs.get(0).id()).getDouble("left_s")).isGreaterThan(20);
    assertThat(requeued).as("only the lease nobody renewed").isEqualTo(1);
    assertThat(Await.result(queue.find(jobs.get(0).id())).orElseThrow().state())
        .isEqualTo(JobState.RUNNING);
    assertThat(Await.result(queue.find(jobs.get(1).id())).orElseThrow().state())
        .isEqualTo(JobState.QUEUED);
  }

  @Test
  void aStoppingReplicaReleasesOnlyItsOwnJobs() {
    List<Job> jobs = Await.result(queue.enqueue(List.of(image(1), image(2))));
    Await.result(queue.claimNext(ME, LEASE_MS));
    Await.result(queue.claimNext(OTHER, LEASE_MS));

    int released = Await.result(queue.release(ME));

    assertThat(released).isEqualTo(1);
    assertThat(Await.result(queue.find(jobs.get(0).id())).orElseThrow().state())
        .isEqualTo(JobState.QUEUED);
    assertThat(Await.result(queue.find(jobs.get(1).id())).orElseThrow().state())
        .isEqualTo(JobState.RUNNING);
  }

  @Test
  void aJobLeftRunningBeforeLeasesExistedCountsAsExpired() {
    Job job = Await.result(queue.enqueue(List.of(image(1)))).get(0);
    Await.result(pool.preparedQuery("UPDATE jobs SET state = 'running', attempts = 1 WHERE id = $1")
        .execute(Tuple.of(job.id())));

    assertThat(Await.result(queue.requeueExpired())).isEqualTo(1);
  }

  @Test
  void withADatabaseOfItsOwnAStartRequeuesEveryRunningJobLiveLeaseOrNot() {
    List<Job> jobs = Await.result(queue.enqueue(List.of(image(1), image(2))));
    Await.result(queue.claimNext(ME, LEASE_MS));
    Await.result(queue.claimNext(OTHER, LEASE_MS));

    assertThat(Await.result(queue.requeueAllRunning())).isEqualTo(2);
    assertThat(Await.result(queue.find(jobs.get(1).id())).orElseThrow().state())
        .isEqualTo(JobState.QUEUED);
  }

  /** Lease ends in the past, as a replica that stopped renewing them leaves them. */
  private void expireLeases() {
    Await.result(pool.query("UPDATE jobs SET lease_until = clock_timestamp() - interval '1 s'"
        + " WHERE state = 'running'").execute());
  }

  private void expireLeasesOf(ClaimerId claimer) {
    Await.result(pool.preparedQuery("UPDATE jobs SET lease_until = clock_timestamp()"
        + " - interval '1 s' WHERE state = 'running' AND claimed_by = $1")
        .execute(Tuple.of(claimer.value())));
  }

  private Row leaseRow(UUID id) {
    return Await.result(pool.preparedQuery("SELECT claimed_by, extract(epoch FROM lease_until"
        + " - clock_timestamp())::float8 AS left_s FROM jobs WHERE id = $1")
        .execute(Tuple.of(id))).iterator().next();
  }
}
