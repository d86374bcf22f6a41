package org.roadscan.api.feed;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.roadscan.api.http.LastEventId;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /v1/incidents/{id}/events}: the incident's events as Server-Sent Events, as they
 * arrive: {@code event: tags} (data: {@link FeedTagsJson}) and {@code event: frame-dropped}, each
 * with {@code id:} (grows by one per incident). {@code Last-Event-ID} (or {@code ?lastEventId=})
 * resumes after that id from the {@link IncidentLog} (memory, else PostgreSQL: also after a
 * restart). An incident not seen yet
 * is opened, so a crew can listen before the drone's first frame. A comment every {@value
 * #HEARTBEAT_MS} ms keeps proxies from closing an idle stream; a client slower than the events
 * loses the connection rather than the service buffering without bound.
 */
public final class IncidentEventsHandler implements Handler<RoutingContext> {

  public static final long HEARTBEAT_MS = 15_000;

  private final Vertx vertx;
  private final IncidentLog incidents;

  public IncidentEventsHandler(Vertx vertx, IncidentLog incidents) {
    this.vertx = vertx;
    this.incidents = incidents;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    long after;
    try {
      if (id == null || !IncidentLog.ID.matcher(id).matches()) {
        throw new ProblemException(ProblemType.NOT_FOUND, "no incident '" + id + "'", "id");
      }
      after = LastEventId.of(ctx);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": incident " + id + " events\n\n");
    Context context = vertx.getOrCreateContext();
    long[] lastSent = {after};
    // listen first, then replay: live events wait (on this context) until the replay is
    // written, and an event both in the replay and live is written once (ids only grow)
    List<IncidentLog.Event> waiting = new ArrayList<>();
    boolean[] replayed = {false};
    Runnable stop = incidents.listen(id, event -> context.runOnContext(v -> {
      if (replayed[0]) {
        write(response, event, lastSent);
      } else {
        waiting.add(event);
      }
    }));
    incidents.after(id, after).onComplete(replay -> context.runOnContext(v -> {
      if (replay.succeeded()) {
        replay.result().forEach(event -> write(response, event, lastSent));
      } else if (!response.closed()) {
        response.write(": could not replay the earlier events\n\n");
      }
      replayed[0] = true;
      waiting.forEach(event -> write(response, event, lastSent));
      waiting.clear();
    }));
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, t -> {
      if (!response.closed()) {
        response.write(": heartbeat\n\n");
      }
    });
    response.closeHandler(v -> {
      vertx.cancelTimer(heartbeat);
      stop.run();
    });
  }

  private static void write(HttpServerResponse response, IncidentLog.Event event,
      long[] lastSent) {
    if (response.closed() || event.id() <= lastSent[0]) {
      return;
    }
    if (response.writeQueueFull()) {
      response.reset();
      return;
    }
    lastSent[0] = event.id();
    response.write("id: " + event.id() + "\nevent: " + event.kind() + "\ndata: "
        + event.data().encode() + "\n\n");
  }

}
