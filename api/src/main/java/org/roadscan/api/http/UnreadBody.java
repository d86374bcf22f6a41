package org.roadscan.api.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The body of a request refused before it was read (401/403, 429, 503 {@code queue-full}, a
 * wrong content type). Closing the connection at once would often reach a client still sending as
 * a reset instead of the answer; reading the rest as the next request would be wrong. So a body of
 * up to {@value #SWALLOW_BYTES} bytes (declared, or chunked up to that size) is read and dropped,
 * and the client reads the answer on a connection that stays usable; a larger declared body is not
 * read, and the connection (HTTP/1.x) closes after the answer. Stateless.
 */
public final class UnreadBody {

  /** The most bytes of a refused body read and dropped: one photo. */
  public static final long SWALLOW_BYTES = 8L * 1024 * 1024;

  private UnreadBody() {
  }

  /** Call before failing {@code ctx}; resumes the request if it was paused. */
  public static void discard(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded() || !announcesBody(request)) {
      return;
    }
    if (request.version() != HttpVersion.HTTP_2 && declaredLength(request) > SWALLOW_BYTES) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      ctx.addEndHandler(done -> request.connection().close());
      return;
    }
    long[] dropped = {0};
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > SWALLOW_BYTES) {
        request.handler(null);
        request.connection().close();
      }
    });
    request.resume();
  }

  /**
   * Answers a request whose connection cannot carry another one (the multipart decoder gave up
   * mid-body): the rest of the body is read and dropped first, up to {@value #SWALLOW_BYTES}
   * bytes, and only then is {@code answer} written (with {@code Connection: close}), after which
   * the connection (HTTP/1.x) closes. Answering while the client is still sending races it: a
   * client that reads "Connection: close" before it has written its last byte may fail its own
   * request as "connection was closed", losing the answer (seen under load). A larger body is
   * answered at once and the connection closed, as is a request that has ended already.
   *
   * @param answer writes the whole response; called once, on the request's context
   */
  public static void dropThenAnswer(RoutingContext ctx, Supplier<Future<Void>> answer) {
    HttpServerRequest request = ctx.request();
    boolean http1 = request.version() != HttpVersion.HTTP_2;
    if (http1) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    AtomicBoolean answered = new AtomicBoolean();
    Runnable answerOnce = () -> {
      if (answered.compareAndSet(false, true)) {
        Future<Void> written = answer.get();
        if (http1) {
          written.onComplete(done -> request.connection().close());
        }
      }
    };
    if (request.isEnded() || (http1 && declaredLength(request) > SWALLOW_BYTES)) {
      answerOnce.run();
      return;
    }
    long[] dropped = {0};
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > SWALLOW_BYTES) {
        request.handler(null);
        answerOnce.run();
      }
    });
    request.endHandler(end -> answerOnce.run());
    request.resume();
  }

  private static boolean announcesBody(HttpServerRequest request) {
    return declaredLength(request) > 0
        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /** The declared Content-Length, 0 when there is none (or it is no number). */
  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? 0 : Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
