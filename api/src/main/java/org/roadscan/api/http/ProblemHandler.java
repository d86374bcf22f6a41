package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.roadscan.api.db.PgOutage;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: every route's failure handler and the
 * router's 404/405/500 handler. Answers RFC 9457 {@code application/problem+json} with the
 * request path as {@code instance}. Client errors (4xx) are logged at info without a stack trace,
 * server errors (5xx) at error with it. A failure that means the database cannot be reached
 * ({@link PgOutage}: stopped, restarting, connect or statement timeout) answers 503 {@code
 * database-unavailable} and is logged at warn: it is temporary, the pool reconnects by itself.
 * Every 503 carries {@code Retry-After} (seconds): the problem's {@code retryAfterS} member when it
 * has one. Every problem carries the security headers ({@link SecurityHeadersHandler}), a 401 also
 * {@code WWW-Authenticate: Bearer}. Stateless, thread-safe.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  /** Largest chunk Netty hands to BodyHandler at once (its default max chunk size is 8 KiB). */
  private static final long READ_CHUNK_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  private final long maxRequestBytes;

  /**
   * Context key under which a route with its own body limit records it (a {@code Long}), so a 413
   * quotes that route's limit; without it, the upload limit applies.
   */
  public static final String BODY_LIMIT_KEY = "roadscan.bodyLimitBytes";

  /** @param maxRequestBytes the request body limit, quoted in 413 answers */
  public ProblemHandler(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    Problem problem = problemOf(ctx, failure);
    String request = ctx.request().method() + " " + ctx.request().path();
    if (problem.status() >= 500 && problem.status() != 503 && failure != null
        && !(failure instanceof ProblemException)) {
      LOG.error("{} -> {} {}", request, problem.status(), problem.type().uri(), failure);
    } else if (problem.status() == 503) {
      // Expected while the model loads or the database restarts; readiness probes would otherwise
      // fill the log with errors.
      LOG.warn("{} -> {} {}: {}", request, problem.status(), problem.type().uri(),
          problem.detail());
    } else if (problem.status() >= 500) {
      LOG.error("{} -> {} {}: {}", request, problem.status(), problem.type().uri(),
          problem.detail());
    } else {
      LOG.info("{} -> {} {}: {}", request, problem.status(), problem.type().uri(),
          problem.detail());
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a problem body; cutting the connection tells the client it is incomplete.
      response.reset();
      return;
    }
    SecurityHeadersHandler.apply(response);
    if (problem.status() == 401) {
      // RFC 6750: how to authenticate
      response.putHeader("WWW-Authenticate", "Bearer realm=\"roadscan\"");
    }
    if (problem.status() == 503) {
      // A problem may say how long to wait (queue-full); otherwise the database's reconnect time.
      Object retryAfterS = problem.extensions().getValue("retryAfterS");
      response.putHeader(HttpHeaders.RETRY_AFTER, retryAfterS instanceof Number seconds
          ? Long.toString(seconds.longValue()) : Integer.toString(PgOutage.RETRY_AFTER_S));
    }
    response.setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(problem.toJson().put("instance", ctx.request().path()).encode());
  }

  /**
   * Whether the body limit was hit. BodyHandler counts the chunk that crosses the limit before
   * the request's own byte count includes it, so an abort within one read chunk of the limit
   * counts too (seen as a flaky 500 instead of 413 on a chunked upload).
   */
  /** The 503 problem of a database outage; the cause's own message says which kind. */
  public static Problem databaseUnavailable(Throwable failure) {
    return Problem.of(ProblemType.DATABASE_UNAVAILABLE, "the database is not reachable right now ("
        + (failure == null ? "no answer" : failure.getMessage()) + "); retry in "
        + PgOutage.RETRY_AFTER_S + " s", null)
        .with("retryAfterS", PgOutage.RETRY_AFTER_S);
  }

  private boolean overLimit(RoutingContext ctx, Throwable failure) {
    long read = ctx.request().bytesRead();
    long limit = bodyLimit(ctx);
    return read > limit || (failure != null
        && "Streaming aborted".equals(failure.getMessage())
        && read + READ_CHUNK_BYTES > limit);
  }

  private long bodyLimit(RoutingContext ctx) {
    Long routeLimit = ctx.get(BODY_LIMIT_KEY);
    return routeLimit != null ? routeLimit : maxRequestBytes;
  }

  private Problem problemOf(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ProblemException problemException) {
      return problemException.problem();
    }
    if (PgOutage.isOutage(failure)) {
      return databaseUnavailable(failure);
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (status != 413 && overLimit(ctx, failure)) {
      // BodyHandler aborting an over-limit multipart upload fails the request with a generic
      // "Streaming aborted" in Vert.x Web 5.0 instead of 413; the bytes read tell what happened.
      status = 413;
    } else if (failure != null && !(failure instanceof HttpException)) {
      return Problem.of(ProblemType.INTERNAL, "an unexpected error occurred", null);
    }
    String path = ctx.request().path();
    return switch (status) {
      case 404 -> Problem.of(ProblemType.NOT_FOUND, "no resource at " + path, null);
      case 405 -> Problem.of(ProblemType.METHOD_NOT_ALLOWED,
          ctx.request().method() + " is not allowed on " + path, null);
      case 413 -> Problem.of(ProblemType.REQUEST_TOO_LARGE,
          "the request body exceeds the limit of " + bodyLimit(ctx) + " bytes", "body")
          .with("maxRequestBytes", bodyLimit(ctx));
      case 415 -> Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "unsupported request content type", "Content-Type");
      case 503 -> Problem.of(ProblemType.UNAVAILABLE, "the service is not ready", null);
      default -> status >= 400 && status < 500
          ? Problem.of(ProblemType.BAD_REQUEST, "the request could not be processed", null)
          : Problem.of(ProblemType.INTERNAL, "an unexpected error occurred", null);
    };
  }
}
