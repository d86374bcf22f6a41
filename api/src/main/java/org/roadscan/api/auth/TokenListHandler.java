package org.roadscan.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** {@code GET /v1/tokens} (admin): every token, newest first, never a secret. */
public final class TokenListHandler implements Handler<RoutingContext> {

  private final PgTokens tokens;

  public TokenListHandler(PgTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    tokens.list()
        .onSuccess(list -> {
          Instant now = Instant.now();
          JsonArray items = new JsonArray();
          list.forEach(token -> items.add(token.toJson(now)));
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(new JsonObject().put("tokens", items).encode());
        })
        .onFailure(ctx::fail);
  }
}
