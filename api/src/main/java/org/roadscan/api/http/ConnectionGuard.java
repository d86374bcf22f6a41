package org.roadscan.api.http;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP server does not bound by itself (issue #30), per connection:
 *
 * <ul>
 *   <li><b>Connection cap</b>: a connection opened while {@code maxConnections} are open gets 503
 *       {@code too-many-connections} with {@code Retry-After} for its first request, then is
 *       closed.
 *   <li><b>Header deadline</b>: a connection that has not sent a request's complete headers {@code
 *       headerTimeoutS} after it opened, or after its last answer, is closed (a client that
 *       connects and sends nothing, or one header byte at a time).
 *   <li><b>Body progress</b>: a request whose body brings fewer than {@value #MIN_PROGRESS_BYTES}
 *       bytes in {@code bodyTimeoutS} is answered 408 {@code request-timeout} and its connection
 *       closed. Progress, not total time: a 2 GiB survey upload on a slow line is fine as long as
 *       it keeps coming.
 *   <li><b>The service at work</b>: once a request's body is in, the time until its answer begins
 *       is the service's own (a survey request answers once its photos are blurred, about 3 s per
 *       12 MP photo, so a ZIP of a few hundred takes many minutes): the connection is not idle
 *       then, whatever the idle timeout ({@link ServerLimits#WORK_BACKSTOP_S}, the server's own
 *       idle timeout, is the backstop for an answer that never comes).
 *   <li><b>Answer progress</b>: an answer that has begun (a download, an event stream) and does not
 *       move for {@code idleTimeoutS} is closed: a client that stopped reading.
 * </ul>
 *
 * A connection upgraded to a WebSocket is left to the server; the feed's pings keep it open.
 * Checked every {@value #TICK_MS} ms on the event loop of the verticle that owns the server
 * (HTTP/1.x only; cleartext HTTP/2 is off, {@link ServerLimits}). Thread-safe.
 */
public final class ConnectionGuard {

  /** Bytes a request body must bring per body timeout. */
  static final long MIN_PROGRESS_BYTES = 1024;
  private static final long TICK_MS = 250;
  /** How long a client refused for the cap is asked to wait, seconds. */
  private static final int RETRY_AFTER_S = 5;
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  /** One open connection; written on its event loop only. */
  private static final class Watched {
    final boolean overCap;
    /** When the connection began to wait for a request's headers, ms; unused while one runs. */
    long waitingSinceMs;
    /** The request in progress (or whose answer is still being written), or null. */
    HttpServerRequest request;
    long progressBytes;
    long progressAtMs;
    /** The answer's bytes written at {@link #answerAtMs}; -1 before its head is written. */
    long answerBytes = -1;
    long answerAtMs;
    boolean upgraded;
    boolean closing;

    Watched(boolean overCap, long nowMs) {
      this.overCap = overCap;
      this.waitingSinceMs = nowMs;
    }
  }

  private final Vertx vertx;
  private final AppConfig.HttpLimits limits;
  private final Map<HttpConnection, Watched> open = new ConcurrentHashMap<>();
  private long timer = -1;

  public ConnectionGuard(Vertx vertx, AppConfig.HttpLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /** Starts the periodic check; call from the verticle that owns the server. */
  public void start() {
    timer = vertx.setPeriodic(TICK_MS, id -> tick());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Open connections now. */
  public int openConnections() {
    return open.size();
  }

  /** The server's connection handler: counts the connection and watches it until it closes. */
  public void connected(HttpConnection connection) {
    boolean overCap = open.size() >= limits.maxConnections();
    open.put(connection, new Watched(overCap, nowMs()));
    connection.closeHandler(closed -> open.remove(connection));
    if (overCap) {
      LOG.warn("connection from {} is over the cap of {} open connections ({}); it gets 503",
          connection.remoteAddress(), limits.maxConnections(), AppConfig.MAX_CONNECTIONS);
    }
  }

  /**
   * The first step of every request: notes it on its connection. Returns false when the guard
   * has answered it itself (the connection is over the cap); the router must not see it then.
   */
  public boolean admit(HttpServerRequest request) {
    Watched watched = open.get(request.connection());
    if (watched == null) {
      return true;
    }
    if (watched.overCap) {
      watched.closing = true;
      request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      ProblemHandler.write(request.response(), Problem.of(ProblemType.TOO_MANY_CONNECTIONS,
              "the service has " + limits.maxConnections() + " connections open, its limit ("
                  + AppConfig.MAX_CONNECTIONS + "); try again in " + RETRY_AFTER_S + " s", null)
              .with("maxConnections", limits.maxConnections())
              .with("retryAfterS", RETRY_AFTER_S), request.path())
          .onComplete(done -> request.connection().close());
      return false;
    }
    watched.request = request;
    watched.progressBytes = request.bytesRead();
    watched.progressAtMs = nowMs();
    watched.answerBytes = -1;
    if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      watched.upgraded = true;
    }
    return true;
  }

  private void tick() {
    long now = nowMs();
    long headerTimeoutMs = TimeUnit.SECONDS.toMillis(limits.headerTimeoutS());
    long bodyTimeoutMs = TimeUnit.SECONDS.toMillis(limits.bodyTimeoutS());
    long idleTimeoutMs = TimeUnit.SECONDS.toMillis(limits.idleTimeoutS());
    open.forEach((connection, watched) -> {
      if (watched.upgraded || watched.closing) {
        return;
      }
      HttpServerRequest request = watched.request;
      if (request == null) {
        if (now - watched.waitingSinceMs > headerTimeoutMs) {
          watched.closing = true;
          LOG.info("closing connection from {}: no complete request headers within {} s ({})",
              connection.remoteAddress(), limits.headerTimeoutS(), AppConfig.HEADER_TIMEOUT_S);
          connection.close();
        }
        return;
      }
      if (!request.isEnded() && hasBody(request.headers())) {
        long bytes = request.bytesRead();
        if (bytes - watched.progressBytes >= MIN_PROGRESS_BYTES) {
          watched.progressBytes = bytes;
          watched.progressAtMs = now;
        } else if (now - watched.progressAtMs > bodyTimeoutMs) {
          watched.closing = true;
          timeOut(request);
        }
        return;
      }
      HttpServerResponse response = request.response();
      if (response.ended() || response.closed()) {
        watched.request = null;
        watched.waitingSinceMs = now;
      } else if (response.headWritten()) {
        long written = response.bytesWritten();
        if (written != watched.answerBytes) {
          watched.answerBytes = written;
          watched.answerAtMs = now;
        } else if (now - watched.answerAtMs > idleTimeoutMs) {
          watched.closing = true;
          LOG.info("{} {} from {}: the answer did not move for {} s ({}); closing",
              request.method(), request.path(), request.remoteAddress(), limits.idleTimeoutS(),
              AppConfig.IDLE_TIMEOUT_S);
          connection.close();
        }
      }
      // else the service is at work on the complete request: not the client's idleness
    });
  }

  /**
   * Whether the request announced a body (a length above 0, or chunks). A request without one,
   * such as a GET, may not report its end while the router holds it paused (a static file being
   * read was timed out as a stalled body): for the progress rules it is complete on arrival.
   */
  static boolean hasBody(MultiMap headers) {
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        return Long.parseLong(length.trim()) > 0;
      } catch (NumberFormatException e) {
        return true; // malformed: watched like any body
      }
    }
    return headers.get(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  /** Answers 408 (when nothing was answered yet) and closes the connection. */
  private void timeOut(HttpServerRequest request) {
    LOG.info("{} {} from {}: body brought fewer than {} bytes in {} s ({}); closing",
        request.method(), request.path(), request.remoteAddress(), MIN_PROGRESS_BYTES,
        limits.bodyTimeoutS(), AppConfig.BODY_TIMEOUT_S);
    if (request.response().headWritten() || request.response().closed()) {
      request.connection().close();
      return;
    }
    request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    ProblemHandler.write(request.response(), Problem.of(ProblemType.REQUEST_TIMEOUT,
            "the request body brought fewer than " + MIN_PROGRESS_BYTES + " bytes in "
                + limits.bodyTimeoutS() + " s (" + AppConfig.BODY_TIMEOUT_S + ")", "body")
            .with("bodyTimeoutS", limits.bodyTimeoutS()), request.path())
        .onComplete(done -> request.connection().close());
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }
}
