package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.roadscan.api.jobs.JobWorkers;
import org.roadscan.api.http.LastEventId;
import org.roadscan.api.problem.ProblemException;

/**
 * {@code GET /v1/surveys/{id}/events}: the survey's events as Server-Sent Events ({@code
 * text/event-stream}): {@code frame-processed}, {@code damage-found}, {@code failed}, {@code
 * survey-done}, each with {@code id:} (the {@code survey_events} id), {@code event:} and {@code
 * data:} (JSON). A client resumes after the last id it saw with {@code Last-Event-ID} (browsers'
 * EventSource send it when they reconnect) or {@code ?lastEventId=}. The events are read from the
 * table (written by triggers in the transaction that finishes a job, in whichever process), every
 * {@value #POLL_INTERVAL_MS} ms and at once when a job of this process finishes; a comment line
 * every {@value #HEARTBEAT_MS} ms keeps proxies from closing an idle stream. When the client goes
 * away the timers and the event-bus consumer are released. While the client reads slower than
 * events come, polling waits for the response's write queue to drain.
 */
public final class SurveyEventsHandler implements Handler<RoutingContext> {

  public static final long POLL_INTERVAL_MS = 500;
  public static final long HEARTBEAT_MS = 15_000;
  private static final int BATCH = 200;

  private final Vertx vertx;
  private final Pool pool;
  private final PgSurveys surveys;

  public SurveyEventsHandler(Vertx vertx, Pool pool, PgSurveys surveys) {
    this.vertx = vertx;
    this.pool = pool;
    this.surveys = surveys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long surveyId;
    long after;
    try {
      surveyId = SurveyHandler.surveyId(ctx);
      after = LastEventId.of(ctx);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    surveys.find(surveyId)
        .compose(found -> SurveyHandler.visible(ctx, surveyId, found))
        .onSuccess(survey -> new Stream(ctx.response(), surveyId, after).start())
        .onFailure(ctx::fail);
  }


  /** One client's stream; confined to its event loop. */
  private final class Stream {
    private final HttpServerResponse response;
    private final long surveyId;
    private long lastId;
    private boolean polling;
    private boolean again;
    private boolean closed;
    private long pollTimer = -1;
    private long heartbeatTimer = -1;
    private MessageConsumer<Object> wakeUps;

    Stream(HttpServerResponse response, long surveyId, long after) {
      this.response = response;
      this.surveyId = surveyId;
      this.lastId = after;
    }

    void start() {
      response.setChunked(true)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
          .putHeader("X-Accel-Buffering", "no");
      response.closeHandler(v -> close());
      response.exceptionHandler(err -> close());
      response.write(": survey " + surveyId + " events\n\n");
      wakeUps = vertx.eventBus().localConsumer(JobWorkers.FINISHED_ADDRESS, message -> poll());
      pollTimer = vertx.setPeriodic(POLL_INTERVAL_MS, id -> poll());
      heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MS, id -> {
        if (!closed && !response.writeQueueFull()) {
          response.write(": heartbeat\n\n");
        }
      });
      poll();
    }

    private void poll() {
      if (closed) {
        return;
      }
      if (polling || response.writeQueueFull()) {
        again = true;
        if (response.writeQueueFull()) {
          response.drainHandler(v -> poll());
        }
        return;
      }
      polling = true;
      again = false;
      pool.preparedQuery("SELECT id, kind, data FROM survey_events"
              + " WHERE survey_id = $1 AND id > $2 ORDER BY id LIMIT $3")
          .execute(Tuple.of(surveyId, lastId, BATCH))
          .onComplete(result -> {
            polling = false;
            if (closed || result.failed()) {
              return; // a database outage: the next poll tries again
            }
            int sent = 0;
            for (Row row : result.result()) {
              lastId = row.getLong("id");
              Object data = row.getValue("data");
              response.write("id: " + lastId + "\nevent: " + row.getString("kind") + "\ndata: "
                  + (data instanceof JsonObject json ? json.encode() : "{}") + "\n\n");
              sent++;
            }
            if (sent == BATCH || again) {
              poll();
            }
          });
    }

    private void close() {
      if (closed) {
        return;
      }
      closed = true;
      vertx.cancelTimer(pollTimer);
      vertx.cancelTimer(heartbeatTimer);
      if (wakeUps != null) {
        wakeUps.unregister();
      }
    }
  }
}
