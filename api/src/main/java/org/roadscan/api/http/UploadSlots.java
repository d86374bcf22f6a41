package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Backpressure for uploads (issue #30): at most {@code maxUploads} upload requests (captures and
 * survey media together) are received at once. One more is refused before a byte of its body is
 * read, with 429 {@code too-many-uploads} and {@code Retry-After}; a body of at most {@value
 * #SWALLOW_BYTES} bytes (declared, or chunked) is then read and dropped, so the client gets the
 * answer, not a reset connection; a larger one is not read and its connection is closed. Each upload spools to disk and is
 * read and hashed on the I/O executor, so this also bounds the disk spooling and heap that uploads
 * take at one time. The fire brigade's feed frames do not count: that lane has its own bounds
 * (drop-oldest per stream). Mount ahead of the route's body handler. Thread-safe.
 */
public final class UploadSlots implements Handler<RoutingContext> {

  /** How long a refused client is asked to wait, seconds. */
  static final int RETRY_AFTER_S = 2;
  /**
   * Largest declared body of a refused upload that is read and dropped (its connection kept);
   * a larger or chunked one has its connection closed after the answer, unread, as Tomcat's
   * {@code maxSwallowSize} does.
   */
  public static final long SWALLOW_BYTES = 8L * 1024 * 1024;

  private final int maxUploads;
  private final AtomicInteger inFlight = new AtomicInteger();

  public UploadSlots(int maxUploads) {
    this.maxUploads = maxUploads;
  }

  /** Upload requests being received or answered now. */
  public int inFlight() {
    return inFlight.get();
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? -1 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (inFlight.incrementAndGet() > maxUploads) {
      inFlight.decrementAndGet();
      HttpServerRequest request = ctx.request();
      if (!request.isEnded() && declaredLength(request) <= SWALLOW_BYTES) {
        // read and drop a small body (declared, or chunked up to the same size), so the client
        // reads the 429 instead of a reset connection
        long[] dropped = {0};
        request.handler(chunk -> {
          dropped[0] += chunk.length();
          if (dropped[0] > SWALLOW_BYTES) {
            request.handler(null);
            request.connection().close();
          }
        });
        request.resume();
      } else if (request.version() != HttpVersion.HTTP_2 && !request.isEnded()) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        ctx.addEndHandler(done -> request.connection().close());
      }
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
