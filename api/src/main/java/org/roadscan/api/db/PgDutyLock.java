package org.roadscan.api.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Background duties that must not run in two replicas at once (issue #32): image retention and
 * rescoring the register. Each run takes its duty's PostgreSQL advisory lock with {@code
 * pg_try_advisory_xact_lock} in a transaction held open (idle, no snapshot, no row locks) for as
 * long as the run lasts; a replica that finds the lock taken skips its run, it does not wait. The
 * transaction ends with the run, and with the process or its connection if they die, so a lock is
 * never left behind. This serialises runs; it does not elect one replica: after one replica's run,
 * another's next run finds little or nothing left to do.
 *
 * <p>The run itself uses other connections of the pool: the lock holds one connection for its
 * duration. Thread-safe, non-blocking.
 */
public final class PgDutyLock {

  /** First key of the two-key advisory locks of duties ("RSDU"), apart from the register's. */
  public static final int LOCK_NAMESPACE = 0x52534455;

  /** A duty and its advisory lock's second key. */
  public enum Duty {
    RETENTION(1), RESCORING(2);

    private final int key;

    Duty(int key) {
      this.key = key;
    }
  }

  private final Pool pool;

  public PgDutyLock(Pool pool) {
    this.pool = pool;
  }

  /**
   * Runs {@code run} holding {@code duty}'s lock, if no replica holds it.
   *
   * @return the run's result, or empty when another replica was running the duty (and {@code run}
   *     was not called); failed when the lock could not be tried or the run failed
   */
  public <T> Future<Optional<T>> runAlone(Duty duty, Supplier<Future<T>> run) {
    return pool.withTransaction(tx -> tx.preparedQuery(
            "SELECT pg_try_advisory_xact_lock($1, $2) AS locked")
        .execute(Tuple.of(LOCK_NAMESPACE, duty.key))
        .compose(rows -> rows.iterator().next().getBoolean("locked")
            ? run.get().map(Optional::of) : Future.succeededFuture(Optional.empty())));
  }
}
