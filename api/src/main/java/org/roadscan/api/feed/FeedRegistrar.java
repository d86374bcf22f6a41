package org.roadscan.api.feed;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.roadscan.api.capture.ImagePrivacy;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.register.RegisterBatcher;
import org.roadscan.api.register.RegisteredCapture;
import org.roadscan.api.retention.PgRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a feed frame's tags into the damage register after they were answered: the frame's
 * anonymised copy (blurred in the lane, {@link FeedResult#anonymized()}) is stored
 * content-addressed like an upload, keyed by the SHA-256 of the frame as sent, its privacy record
 * written with the registration, then registered through the register's batcher (merged with
 * earlier sightings like any capture), and its capture row is marked {@code source = 'feed'} with
 * its incident in the same transaction (migration V13). A frame seen before (same SHA-256) adds
 * nothing and keeps its first mark. Failures are logged: the crew already has its tags, and the
 * register is not worth a retry loop here. Thread-safe.
 */
public final class FeedRegistrar {

  public static final String SOURCE = "feed";
  private static final Logger LOG = LoggerFactory.getLogger(FeedRegistrar.class);

  private final WorkerExecutor ioExecutor;
  private final ImageStore images;
  private final RegisterBatcher batcher;
  private final Set<Future<RegisteredCapture>> inFlight =
      ConcurrentHashMap.newKeySet();

  public FeedRegistrar(WorkerExecutor ioExecutor, ImageStore images, RegisterBatcher batcher) {
    this.ioExecutor = ioExecutor;
    this.images = images;
    this.batcher = batcher;
  }

  /** Registers the frame's analysis; completes when it committed. */
  public Future<RegisteredCapture> register(FeedResult result) {
    Future<RegisteredCapture> registering = registerNow(result);
    inFlight.add(registering);
    return registering.onComplete(done -> inFlight.remove(registering));
  }

  /**
   * Completes when the registrations under way have ended, at most {@code timeoutMs} later
   * (a graceful stop waits for them before the pool closes).
   */
  public Future<Void> drain(long timeoutMs) {
    return Future.join(List.copyOf(inFlight)).<Void>mapEmpty()
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(err -> Future.succeededFuture());
  }

  private Future<RegisteredCapture> registerNow(FeedResult result) {
    return ioExecutor.executeBlocking(() -> images.claim(result.anonymized()), false)
        .compose(stored -> {
          Future<RegisteredCapture> registered = batcher.submit(stored.sha256(),
              result.analysis(), (tx, capture) -> ImagePrivacy.record(tx, stored.privacy())
                  .compose(v -> capture.duplicate()
                      ? PgRetention.imageStoredAgain(tx, capture.captureId())
                      : tx.preparedQuery("UPDATE captures SET source = $2, incident = $3"
                              + " WHERE id = $1")
                          .execute(Tuple.of(capture.captureId(), SOURCE,
                              result.frame().incident()))
                          .<Void>mapEmpty()));
          return registered.eventually(() -> ioExecutor.executeBlocking(() -> {
            images.settle(stored, registered.succeeded());
            return null;
          }, false));
        })
        .onFailure(err -> LOG.warn("feed frame {} could not be registered; its tags were"
            + " answered but are not in the register", result.frameId(), err));
  }
}
