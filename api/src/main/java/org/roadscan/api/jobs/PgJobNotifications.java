package org.roadscan.api.jobs;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups across processes (issue #32): {@code LISTEN roadscan_jobs} on a connection of its own.
 * The {@code jobs} table's trigger ({@code V17__job_leases.sql}) notifies the channel when a job
 * becomes queued, in the inserting (or requeueing) transaction, so every worker process listening
 * starts claiming as soon as the upload's transaction commits, whichever replica accepted it. The
 * listener runs {@code onQueued} for each notification and also each time it (re)subscribes, since
 * notifications sent while the connection was down are lost; the workers' slower fallback poll
 * covers the rest. A lost connection is reconnected after 0.5 to {@value #MAX_RECONNECT_DELAY_MS}
 * ms, for as long as the service runs.
 *
 * <p>{@code onQueued} runs on the event loop of the context that called {@link #start}. Call
 * {@link #start} and {@link #stop} from that context.
 */
public final class PgJobNotifications {

  /** The channel the {@code jobs} trigger notifies. */
  public static final String CHANNEL = "roadscan_jobs";
  /** Longest wait before another try to reconnect, milliseconds. */
  public static final long MAX_RECONNECT_DELAY_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(PgJobNotifications.class);

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final Runnable onQueued;
  private PgSubscriber subscriber;
  private Context context;
  private boolean stopped;
  private long retryTimer = -1;

  /**
   * @param options the service's database (the subscriber opens one connection of its own)
   * @param onQueued what to do when jobs may have been queued
   */
  public PgJobNotifications(Vertx vertx, PgConnectOptions options, Runnable onQueued) {
    this.vertx = vertx;
    this.options = options;
    this.onQueued = onQueued;
  }

  /**
   * Connects and listens. A failed first connection is logged and retried every {@value
   * #MAX_RECONNECT_DELAY_MS} ms (the fallback poll serves meanwhile); the returned future
   * completes either way.
   */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions(options))
        .reconnectPolicy(retries -> Math.min(MAX_RECONNECT_DELAY_MS, 500L * (retries + 1)));
    subscriber.channel(CHANNEL)
        .subscribeHandler(v -> wake())
        .handler(payload -> wake());
    subscriber.closeHandler(v -> {
      if (!stopped) {
        LOG.warn("the LISTEN connection for {} closed; jobs queued by other replicas are found"
            + " by the fallback poll until it reconnects", CHANNEL);
      }
    });
    return connect();
  }

  private Future<Void> connect() {
    return subscriber.connect()
        .onSuccess(v -> LOG.info("listening on channel {} for jobs queued by any replica",
            CHANNEL))
        .recover(err -> {
          if (!stopped) {
            LOG.warn("cannot LISTEN on {} ({}); retrying in {} ms", CHANNEL, err.getMessage(),
                MAX_RECONNECT_DELAY_MS);
            retryTimer = vertx.setTimer(MAX_RECONNECT_DELAY_MS, id -> {
              retryTimer = -1;
              if (!stopped) {
                connect();
              }
            });
          }
          return Future.succeededFuture();
        });
  }

  private void wake() {
    context.runOnContext(v -> {
      if (!stopped) {
        onQueued.run();
      }
    });
  }

  /** Stops listening and closes the connection. */
  public Future<Void> stop() {
    stopped = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
