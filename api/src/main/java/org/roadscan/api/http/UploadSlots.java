package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Backpressure for uploads (issue #30): at most {@code maxUploads} upload requests (captures and
 * survey media together) are received at once. One more is refused before a byte of its body is
 * read, with 429 {@code too-many-uploads} and {@code Retry-After}; its body is dropped unread or
 * its connection closed after the answer ({@link UnreadBody}). Each upload spools to disk and is
 * read and hashed on the I/O executor, so this also bounds the disk spooling and heap that uploads
 * take at one time. The fire brigade's feed frames do not count: that lane has its own bounds
 * (drop-oldest per stream). Mount ahead of the route's body handler. Thread-safe.
 */
public final class UploadSlots implements Handler<RoutingContext> {

  /** How long a refused client is asked to wait, seconds. */
  static final int RETRY_AFTER_S = 2;
  private final int maxUploads;
  private final AtomicInteger inFlight = new AtomicInteger();

  public UploadSlots(int maxUploads) {
    this.maxUploads = maxUploads;
  }

  /** Upload requests being received or answered now. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (inFlight.incrementAndGet() > maxUploads) {
      inFlight.decrementAndGet();
      UnreadBody.discard(ctx);
      ctx.fail(new ProblemException(Problem.of(ProblemType.TOO_MANY_UPLOADS, maxUploads
          + " uploads are being received, the limit (" + AppConfig.MAX_UPLOADS + "); send this"
          + " one again in " + RETRY_AFTER_S + " s", null)
          .with("maxUploads", maxUploads).with("retryAfterS", RETRY_AFTER_S)));
      return;
    }
    ctx.addEndHandler(done -> inFlight.decrementAndGet());
    ctx.next();
  }
}
