package org.roadscan.api.http;

import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Where a Server-Sent Events stream resumes: the {@code Last-Event-ID} header a reconnecting
 * {@code EventSource} sends, or the {@code lastEventId} query parameter for clients that cannot set
 * headers. Shared by every SSE route (survey and incident events).
 */
public final class LastEventId {

  private LastEventId() {
  }

  /**
   * The id after which to resume, 0 when none was given.
   *
   * @throws ProblemException 400 {@code invalid-parameter} naming the header or parameter when it
   *     is not a non-negative integer
   */
  public static long of(RoutingContext ctx) throws ProblemException {
    String text = ctx.request().getHeader("Last-Event-ID");
    String field = "Last-Event-ID";
    if (text == null) {
      text = ctx.queryParams().get("lastEventId");
      field = "lastEventId";
    }
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(text.strip());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER, field
          + " must be an event id this stream sent, was " + text, field);
    }
  }
}
