package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Refuses a request whose declared {@code Content-Length} exceeds the limit with 413 before any of
 * the body is read. It runs ahead of the {@code BodyHandler}: that handler's own limit, which
 * still guards chunked requests, aborts multipart uploads with a generic failure in Vert.x Web
 * 5.0 ("Streaming aborted", seen as 500), so the common case is answered here precisely.
 */
public final class ContentLengthLimitHandler implements Handler<RoutingContext> {

  private final long maxRequestBytes;

  public ContentLengthLimitHandler(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long length;
    try {
      length = declared == null ? -1 : Long.parseLong(declared.strip());
    } catch (NumberFormatException e) {
      ctx.fail(new ProblemException(ProblemType.BAD_REQUEST,
          "Content-Length is not a number: " + declared, "Content-Length"));
      return;
    }
    if (length > maxRequestBytes) {
      ctx.fail(new ProblemException(Problem.of(ProblemType.REQUEST_TOO_LARGE,
          "the request has " + length + " bytes; the limit is " + maxRequestBytes, "body")
          .with("maxRequestBytes", maxRequestBytes)));
      return;
    }
    ctx.next();
  }
}
