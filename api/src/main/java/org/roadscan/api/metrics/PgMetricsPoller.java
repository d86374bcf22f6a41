package org.roadscan.api.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the job queue and the register size from PostgreSQL every {@link #INTERVAL_MS} and keeps
 * the numbers for the gauges of {@link ServiceMetrics}, so a scrape reads cached numbers and never
 * queries the database (a scraper that calls often costs nothing, and a slow database does not
 * delay {@code /metrics}). The queries use the partial index on queued jobs and the sharded
 * damage count (V7); both are cheap with a million rows. Confined to the event loop that started
 * it; the gauges read volatile fields from any thread.
 */
public final class PgMetricsPoller {

  /** How often the numbers are read, milliseconds: a third of Prometheus' usual 15 s scrape. */
  public static final long INTERVAL_MS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(PgMetricsPoller.class);

  private static final String QUERY = """
      SELECT (SELECT count(*) FROM jobs WHERE state = 'queued') AS queued,
             (SELECT EXTRACT(EPOCH FROM clock_timestamp() - min(created_at))::float8
                FROM jobs WHERE state = 'queued') AS oldest_s,
             (SELECT coalesce(sum(n), 0) FROM damage_count) AS damages""";

  private final Vertx vertx;
  private final Pool pool;
  private volatile long queued;
  private volatile double oldestQueuedS;
  private volatile long damages;
  private boolean failing;
  private long timer = -1;

  public PgMetricsPoller(Vertx vertx, Pool pool, ServiceMetrics metrics) {
    this.vertx = vertx;
    this.pool = pool;
    metrics.gauge("roadscan.jobs.queued", "Jobs waiting for a worker (all instances)", null,
        () -> queued);
    metrics.gauge("roadscan.jobs.oldest.queued.age", "Age of the oldest queued job; 0 when none"
        + " is queued", "seconds", () -> oldestQueuedS);
    metrics.gauge("roadscan.register.damages", "Damages in the register", null, () -> damages);
  }

  /** Reads now, then every {@link #INTERVAL_MS}; the returned future completes after the first read. */
  public Future<Void> start() {
    timer = vertx.setPeriodic(INTERVAL_MS, id -> poll());
    return poll();
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private Future<Void> poll() {
    return pool.query(QUERY).execute()
        .map(rows -> {
          Row row = rows.iterator().next();
          queued = row.getLong("queued");
          Double oldest = row.getDouble("oldest_s");
          oldestQueuedS = oldest == null ? 0 : Math.max(0, oldest);
          damages = row.getLong("damages");
          if (failing) {
            LOG.info("metrics: the queue and register numbers are read again");
            failing = false;
          }
          return (Void) null;
        })
        .recover(err -> {
          if (!failing) {
            // once per outage, not every 5 s: the database's own outage is logged elsewhere
            LOG.warn("metrics: cannot read the queue and register numbers ({}); the gauges keep"
                + " their last values", err.getMessage());
            failing = true;
          }
          return Future.succeededFuture();
        });
  }
}
