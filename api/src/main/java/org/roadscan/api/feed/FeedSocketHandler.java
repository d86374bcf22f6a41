package org.roadscan.api.feed;

import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /v1/feed/ws[?incident=ID]}: a WebSocket for a continuous feed. The client sends each
 * frame as one binary message (a JPEG), optionally preceded by a text message with its pose
 * ({@link FeedPoseJson}; it applies to the next frame only). For every frame the server sends one
 * text message, JSON, carrying the frame's {@code seq} (1, 2, … in the order this connection sent
 * them):
 *
 * <ul>
 *   <li>{@code {"type": "tags", "seq": n, …}} with the members of {@link FeedTagsJson};
 *   <li>{@code {"type": "frame-dropped", "seq": n, "dropped": k}} when newer frames pushed it out
 *       of this connection's queue (drop-oldest applies per connection, even with an incident);
 *   <li>{@code {"type": "problem", "seq": n, …}} with an RFC 9457 problem (422 broken metadata…).
 * </ul>
 * Answers may come out of order when the lane has several workers. Tags of an incident also go to
 * its log and the register, as over HTTP. The server pings every {@value #PING_MS} ms, so a crew
 * that pauses its feed is never an idle connection to the server (whose own idle timeout is a
 * backstop of an hour, {@code ServerLimits.WORK_BACKSTOP_S}).
 */
public final class FeedSocketHandler implements Handler<RoutingContext> {

  /** Ping interval, ms: well inside {@code ROADSCAN_IDLE_TIMEOUT_S}'s default of 60 s. */
  public static final long PING_MS = 15_000;
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final FeedPipeline pipeline;

  public FeedSocketHandler(FeedPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String incident;
    try {
      incident = FeedFrameHandler.incident(ctx.queryParams().get("incident"));
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(ws -> {
          new Session(ws, incident).start();
          long ping = ctx.vertx().setPeriodic(PING_MS, id -> {
            if (!ws.isClosed()) {
              ws.writePing(io.vertx.core.buffer.Buffer.buffer());
            }
          });
          ws.closeHandler(closed -> ctx.vertx().cancelTimer(ping));
        })
        .onFailure(ctx::fail);
  }

  /** One connection; confined to its event loop. */
  private final class Session {
    private final ServerWebSocket ws;
    private final String incident;
    private final String stream = "ws:" + CONNECTIONS.incrementAndGet();
    private String pose;
    private long seq;

    Session(ServerWebSocket ws, String incident) {
      this.ws = ws;
      this.incident = incident;
    }

    void start() {
      ws.textMessageHandler(text -> pose = text);
      ws.binaryMessageHandler(buffer -> {
        long n = ++seq;
        String framePose = pose;
        pose = null;
        pipeline.analyse(buffer.getBytes(), framePose, incident, stream)
            .onSuccess(tagged -> {
              send(tagged.json().copy().put("type", "tags").put("seq", n));
              pipeline.afterAnswer(tagged);
            })
            .onFailure(err -> send(failure(n, err)));
      });
    }

    private JsonObject failure(long n, Throwable err) {
      Problem problem = err instanceof ProblemException p ? p.problem()
          : Problem.of(ProblemType.ANALYSIS_FAILED, "the frame could not be analysed ("
              + err.getClass().getSimpleName() + ")", null);
      if (problem.type() == ProblemType.FRAME_DROPPED) {
        return new JsonObject().put("type", "frame-dropped").put("seq", n)
            .put("dropped", problem.extensions().getLong("dropped"));
      }
      return problem.toJson().put("type", "problem").put("problemType", problem.type().uri())
          .put("seq", n);
    }

    private void send(JsonObject message) {
      if (!ws.isClosed()) {
        ws.writeTextMessage(message.encode());
      }
    }
  }
}
