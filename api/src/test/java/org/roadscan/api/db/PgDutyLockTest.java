package org.roadscan.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.db.PgDutyLock.Duty;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;

/** Two replicas (two pools on one database) never run one duty at the same time. */
class PgDutyLockTest {

  private Vertx vertx;
  private PgDutyLock replicaA;
  private PgDutyLock replicaB;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    String url = SharedPostgres.newDatabaseUrl();
    replicaA = new PgDutyLock(pool(url));
    replicaB = new PgDutyLock(pool(url));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private Pool pool(String url) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
  }

  @Test
  void aDutyRunningInOneReplicaIsSkippedByTheOtherUntilItEnds() {
    Promise<String> retentionOfA = Promise.promise();
    AtomicInteger runsOfB = new AtomicInteger();

    Promise<Void> started = Promise.promise();
    // the run is called once the lock is held
    Future<Optional<String>> a = replicaA.runAlone(Duty.RETENTION, () -> {
      started.complete();
      return retentionOfA.future();
    });
    Await.result(started.future());
    Optional<String> skipped = Await.result(replicaB.runAlone(Duty.RETENTION, () -> {
      runsOfB.incrementAndGet();
      return Future.succeededFuture("b");
    }));
    Optional<String> otherDuty = Await.result(replicaB.runAlone(Duty.RESCORING,
        () -> Future.succeededFuture("rescored by b")));
    retentionOfA.complete("a");

    assertThat(skipped).isEmpty();
    assertThat(runsOfB).hasValue(0);
    assertThat(otherDuty).as("another duty is not blocked").contains("rescored by b");
    assertThat(Await.result(a)).contains("a");
    assertThat(Await.result(replicaB.runAlone(Duty.RETENTION, () -> Future.succeededFuture("b"))))
        .as("after A's run ended").contains("b");
  }

  @Test
  void aFailedRunReleasesTheLock() {
    Throwable failed = Await.failure(replicaA.runAlone(Duty.RETENTION,
        () -> Future.failedFuture(new IllegalStateException("disk gone"))));

    assertThat(failed).hasMessage("disk gone");
    assertThat(Await.result(replicaB.runAlone(Duty.RETENTION, () -> Future.succeededFuture("b"))))
        .contains("b");
  }
}
