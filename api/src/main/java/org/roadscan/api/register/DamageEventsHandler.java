package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /v1/damages/{id}/events}: the damage's audit trail, oldest first, as {@code
 * {"events": [{"id", "at", "kind", "actor", "detail"}]}}; kinds {@code created}, {@code merged},
 * {@code status}, {@code flagged}, {@code unflagged}. An unknown or malformed id is 404.
 */
public final class DamageEventsHandler implements Handler<RoutingContext> {

  private final PgDamages damages;

  public DamageEventsHandler(PgDamages damages) {
    this.damages = damages;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String idText = ctx.pathParam("id");
    Future.succeededFuture(idText).map(DamageJson::id)
        .compose(damages::events)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no damage " + idText, "id"));
            return;
          }
          JsonArray events = new JsonArray();
          for (DamageEvent event : found.get()) {
            events.add(DamageJson.event(event));
          }
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(new JsonObject().put("events", events).encode());
        })
        .onFailure(ctx::fail);
  }
}
