package org.roadscan.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.db.PgMigrations;
import org.roadscan.api.db.PgSessions;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;

/**
 * Wake-ups across processes: a listener on its own connection hears jobs queued through another
 * connection (another replica's pool), when that transaction commits, and not before.
 */
class PgJobNotificationsTest {

  private Vertx vertx;
  private Pool otherReplica;
  private PgJobQueue queue;
  private PgJobNotifications notifications;
  private final LinkedBlockingQueue<Long> wakeUps = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    PgConnectOptions options = PgSessions.configure(PgConnectOptions.fromUri(
        SharedPostgres.newDatabaseUrl()));
    otherReplica = PgBuilder.pool().connectingTo(options).using(vertx).build();
    Await.result(PgMigrations.fromClasspath().apply(otherReplica));
    queue = new PgJobQueue(otherReplica);
    notifications = new PgJobNotifications(vertx, options,
        () -> wakeUps.add(System.nanoTime()));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void aJobQueuedByAnyConnectionWakesTheListenerOnceItsTransactionCommits() throws Exception {
    Await.result(vertx.getOrCreateContext().<Void>executeBlocking(() -> null)
        .compose(v -> notifications.start()));
    // subscribing wakes once: notifications sent before it are lost, the queue is looked at
    assertThat(wakeUps.poll(10, TimeUnit.SECONDS)).as("wake-up at subscribe").isNotNull();

    // a transaction that inserts and rolls back notifies nobody
    Await.failure(otherReplica.withTransaction(tx -> tx.query("INSERT INTO jobs (id, state,"
        + " image_sha256, file_name) VALUES (gen_random_uuid(), 'queued', repeat('a', 64),"
        + " 'x.jpg')").execute().compose(rows -> io.vertx.core.Future.failedFuture("roll back"))));
    assertThat(wakeUps.poll(500, TimeUnit.MILLISECONDS)).as("no wake-up for a rollback").isNull();

    // a survey of three images in one transaction: one notification
    Await.result(queue.enqueue(List.of(new NewJob("%064x".formatted(1), "a.jpg"),
        new NewJob("%064x".formatted(2), "b.jpg"), new NewJob("%064x".formatted(3), "c.jpg"))));
    assertThat(wakeUps.poll(10, TimeUnit.SECONDS)).as("wake-up for the queued jobs").isNotNull();
    assertThat(wakeUps.poll(500, TimeUnit.MILLISECONDS)).as("one per transaction").isNull();

    // a job put back in the queue (its lease expired) notifies too
    ClaimerId claimer = new ClaimerId("replica-a:1:00000000");
    Await.result(queue.claimNext(claimer, 30_000));
    Await.result(otherReplica.query("UPDATE jobs SET lease_until = clock_timestamp()"
        + " - interval '1 s' WHERE state = 'running'").execute());
    assertThat(Await.result(queue.requeueExpired())).isEqualTo(1);
    assertThat(wakeUps.poll(10, TimeUnit.SECONDS)).as("wake-up for the requeued job").isNotNull();

    Await.result(notifications.stop());
    Await.result(queue.enqueue(List.of(new NewJob("%064x".formatted(4), "d.jpg"))));
    assertThat(wakeUps.poll(500, TimeUnit.MILLISECONDS)).as("none after stop").isNull();
  }
}
