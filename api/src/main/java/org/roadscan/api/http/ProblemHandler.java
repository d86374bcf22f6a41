package org.roadscan.api.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import org.roadscan.api.config.AppConfig;
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
 * has one; so does every 429. The multipart decoder's limits ({@link ServerLimits}) become 400
 * {@code too-many-parts}, 413 {@code text-part-too-large}, 400 {@code part-header-too-large} and
 * 400 {@code malformed-multipart}, each naming its limit. A request the server could not decode at
 * all (request line or headers too long, malformed) is answered by {@link #invalidRequest}.
 * Stateless, thread-safe.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  /** Largest chunk Netty hands to BodyHandler at once (its default max chunk size is 8 KiB). */
  private static final long READ_CHUNK_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  private final long maxRequestBytes;
  private final AppConfig.HttpLimits limits;

  /**
   * Context key under which a route with its own body limit records it (a {@code Long}), so a 413
   * quotes that route's limit; without it, the upload limit applies.
   */
  public static final String BODY_LIMIT_KEY = "roadscan.bodyLimitBytes";

  /** Context key set by {@link #failMidBody}. */
  private static final String MID_BODY_KEY = "roadscan.failedMidBody";

  /** Context key of a failure of the request's body decoder, see {@link #watchDecoder}. */
  private static final String DECODER_FAILURE_KEY = "roadscan.decoderFailure";

  /**
   * @param maxRequestBytes the request body limit, quoted in 413 answers
   * @param limits the server's limits, quoted when the multipart decoder hits one
   */
  public ProblemHandler(long maxRequestBytes, AppConfig.HttpLimits limits) {
    this.maxRequestBytes = maxRequestBytes;
    this.limits = limits;
  }

  /**
   * Mounted first on every route: keeps the multipart decoder's own failure (too many parts, a
   * text part too large…) for {@link #handle}. Vert.x reports it to the response's exception
   * handler, which Vert.x Web turns into a failed end of the routing context; the body handler
   * then fails the request with a generic "Streaming aborted" or "Pipe closed" from the part that
   * was being written, which says nothing about the limit.
   */
  public void watchDecoder(RoutingContext ctx) {
    ctx.addEndHandler(ended -> {
      if (ended.failed() && multipartLimit(ended.cause()) != null
          && ctx.get(DECODER_FAILURE_KEY) == null) {
        ctx.put(DECODER_FAILURE_KEY, ended.cause());
      }
    });
    ctx.next();
  }

  /**
   * Fails a request whose body was being read when a handler refused it (a part's file name too
   * long, an unexpected part): the answer is written once the client has sent the rest of its body
   * and the connection then closes, see {@link UnreadBody#dropThenAnswer}.
   */
  public static void failMidBody(RoutingContext ctx, Throwable failure) {
    ctx.put(MID_BODY_KEY, Boolean.TRUE);
    ctx.fail(failure);
  }

  /**
   * Answers a request whose request line or headers the server could not decode (set as the
   * server's {@code invalidRequestHandler}): 414 {@code uri-too-long}, 431 {@code
   * headers-too-large} or 400 {@code bad-request}, as problem+json, then closes the connection
   * (where the next request starts is unknown).
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = Problem.of(ProblemType.URI_TOO_LONG, "the request line is longer than "
          + ServerLimits.MAX_INITIAL_LINE_BYTES + " bytes", "uri")
          .with("maxRequestLineBytes", ServerLimits.MAX_INITIAL_LINE_BYTES);
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = Problem.of(ProblemType.HEADERS_TOO_LARGE, "the request headers are larger than "
          + ServerLimits.MAX_HEADER_BYTES + " bytes", "headers")
          .with("maxHeaderBytes", ServerLimits.MAX_HEADER_BYTES);
    } else {
      problem = Problem.of(ProblemType.BAD_REQUEST, "the request is not valid HTTP/1.1"
          + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"),
          null);
    }
    LOG.info("invalid request from {} -> {} {}: {}", request.remoteAddress(), problem.status(),
        problem.type().uri(), problem.detail());
    HttpServerResponse response = request.response();
    response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    write(response, problem, null).onComplete(done -> request.connection().close());
  }

  /**
   * Writes a problem as the whole response, for code outside the router (the connection guard,
   * {@link #invalidRequest}); {@code instance} may be null.
   */
  static io.vertx.core.Future<Void> write(HttpServerResponse response, Problem problem,
      String instance) {
    SecurityHeadersHandler.apply(response);
    if (problem.status() == 401) {
      // RFC 6750: how to authenticate
      response.putHeader("WWW-Authenticate", "Bearer realm=\"roadscan\"");
    }
    if (problem.status() == 503 || problem.status() == 429) {
      Object retryAfterS = problem.extensions().getValue("retryAfterS");
      response.putHeader(HttpHeaders.RETRY_AFTER, retryAfterS instanceof Number seconds
          ? Long.toString(seconds.longValue()) : Integer.toString(PgOutage.RETRY_AFTER_S));
    }
    io.vertx.core.json.JsonObject body = problem.toJson();
    if (instance != null) {
      body.put("instance", instance);
    }
    return response.setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(body.encode());
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    String request = ctx.request().method() + " " + ctx.request().path();
    if (ctx.response().ended() || ctx.response().closed()) {
      // answered already (e.g. 408 by the connection guard) or the client went away: the
      // failure that follows is the connection closing, not a fault to report
      LOG.info("{} ended after its answer or without one: {}", request,
          failure == null ? ctx.statusCode() : failure.toString());
      return;
    }
    Problem problem = problemOf(ctx, failure);
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
    if (ctx.get(DECODER_FAILURE_KEY) != null || multipartLimit(failure) != null
        || ctx.get(MID_BODY_KEY) != null) {
      // Refused mid-body (the multipart decoder gave up, or a handler refused a part): this
      // connection cannot carry another request.
      UnreadBody.dropThenAnswer(ctx, () -> write(response, problem, ctx.request().path()));
      return;
    }
    // A problem may say how long to wait (queue-full); otherwise the database's reconnect time.
    write(response, problem, ctx.request().path());
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

  /** The problem of a failure of Netty's multipart decoder, or null for any other failure. */
  private Problem multipartLimit(Throwable failure) {
    if (failure instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
      return Problem.of(ProblemType.TOO_MANY_PARTS, "the request has more than "
          + limits.maxParts() + " parts (" + AppConfig.MAX_PARTS + ")", "body")
          .with("maxParts", limits.maxParts());
    }
    if (failure instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
      return Problem.of(ProblemType.PART_HEADER_TOO_LARGE, "a part's headers (its name, file name"
          + " and content type) are longer than " + ServerLimits.MAX_PART_HEADER_BYTES + " bytes",
          "body").with("maxPartHeaderBytes", ServerLimits.MAX_PART_HEADER_BYTES);
    }
    if (failure instanceof HttpPostRequestDecoder.ErrorDataDecoderException) {
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        // Netty's size check of a text part: "Size exceed allowed maximum capacity"
        if (cause instanceof IOException && cause.getMessage() != null
            && cause.getMessage().startsWith("Size exceed")) {
          return Problem.of(ProblemType.TEXT_PART_TOO_LARGE, "a text part is larger than "
              + limits.maxTextPartBytes() + " bytes (" + AppConfig.MAX_TEXT_PART_KB + ")", "body")
              .with("maxTextPartBytes", limits.maxTextPartBytes());
        }
      }
      return Problem.of(ProblemType.MALFORMED_MULTIPART, "the multipart body cannot be decoded ("
          + failure.getMessage() + ")", "body");
    }
    if (failure instanceof TooLongFrameException) {
      return Problem.of(ProblemType.MALFORMED_MULTIPART, "the body cannot be decoded ("
          + failure.getMessage() + ")", "body");
    }
    return null;
  }

  private Problem problemOf(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ProblemException problemException) {
      return problemException.problem();
    }
    Throwable decoderFailure = ctx.get(DECODER_FAILURE_KEY);
    if (decoderFailure != null) {
      failure = decoderFailure;
    }
    if (PgOutage.isOutage(failure)) {
      return databaseUnavailable(failure);
    }
    Problem multipart = multipartLimit(failure);
    if (multipart != null) {
      return multipart;
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (status != 413 && overLimit(ctx, failure)) {
      // BodyHandler aborting an over-limit multipart upload fails the request with a generic
      // "Streaming aborted" in Vert.x Web 5.0 instead of 413; the bytes read tell what happened.
      status = 413;
    } else if (failure != null && !(failure instanceof HttpException)) {
      if (status >= 400 && status < 500) {
        // refused by Vert.x itself with a client-error status, e.g. a Host header it cannot parse
        return Problem.of(ProblemType.BAD_REQUEST, "the request could not be processed ("
            + failure.getMessage() + ")", null);
      }
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
