package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /v1/damages/{id}}: one damage with its observations in capture-time order and its
 * growth ({@link DamageJson#detail}), and {@code ETag: "<version>"} for a later {@code PATCH}.
 * An unknown or malformed id is 404.
 */
public final class DamageHandler implements Handler<RoutingContext> {

  private final PgDamages damages;

  public DamageHandler(PgDamages damages) {
    this.damages = damages;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String idText = ctx.pathParam("id");
    Future.succeededFuture(idText).map(DamageJson::id)
        .compose(damages::find)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no damage " + idText, "id"));
            return;
          }
          ctx.response()
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .putHeader(HttpHeaders.ETAG, DamageJson.etag(found.get().damage()))
              .end(DamageJson.detail(found.get()).encode());
        })
        .onFailure(ctx::fail);
  }
}
