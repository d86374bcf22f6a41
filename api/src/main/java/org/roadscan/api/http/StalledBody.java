package org.roadscan.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Ends a multipart request whose body has arrived but whose last part never ended (issue #30):
 * Vert.x's multipart decoder leaves a part without its closing boundary open for ever, and the
 * body handler (or a streaming route's part) waits for it, holding the connection and an upload
 * slot. Mounted ahead of an upload route; the route marks the body complete ({@link
 * #bodyComplete}) once every part has ended. A request whose body ended {@code bodyTimeoutS} ago
 * without that mark is answered 400 {@code malformed-multipart} and its connection closed.
 * Thread-safe.
 */
public final class StalledBody implements Handler<RoutingContext> {

  private static final String COMPLETE_KEY = "roadscan.bodyComplete";
  private static final long CHECK_MS = 500;

  private final long timeoutMs;

  public StalledBody(AppConfig.HttpLimits limits) {
    this.timeoutMs = TimeUnit.SECONDS.toMillis(limits.bodyTimeoutS());
  }

  /** Called by an upload route once every part of the body has ended. */
  public static void bodyComplete(RoutingContext ctx) {
    ctx.put(COMPLETE_KEY, Boolean.TRUE);
  }

  @Override
  public void handle(RoutingContext ctx) {
    long[] endedAtMs = {-1};
    long timer = ctx.vertx().setPeriodic(CHECK_MS, id -> {
      if (ctx.get(COMPLETE_KEY) != null || ctx.response().ended() || ctx.response().closed()
          || ctx.failed()) {
        ctx.vertx().cancelTimer(id);
        return;
      }
      if (!ctx.request().isEnded()) {
        return;
      }
      long now = System.nanoTime() / 1_000_000;
      if (endedAtMs[0] < 0) {
        endedAtMs[0] = now;
      } else if (now - endedAtMs[0] > timeoutMs) {
        ctx.vertx().cancelTimer(id);
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        ctx.addEndHandler(done -> ctx.request().connection().close());
        ctx.fail(new ProblemException(Problem.of(ProblemType.MALFORMED_MULTIPART, "the body"
            + " ended inside a part: its closing boundary never came", "body")));
      }
    });
    ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }
}
