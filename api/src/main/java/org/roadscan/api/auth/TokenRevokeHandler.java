package org.roadscan.api.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code DELETE /v1/tokens/{id}} (admin): revokes the token at once (the next request with it is
 * 401); 204, also when it was revoked before; 404 for an unknown id. The row stays, so the list
 * shows when it was revoked.
 */
public final class TokenRevokeHandler implements Handler<RoutingContext> {

  private final PgTokens tokens;

  public TokenRevokeHandler(PgTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String text = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(text);
    } catch (NumberFormatException e) {
      ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no token " + text, "id"));
      return;
    }
    tokens.revoke(id)
        .onSuccess(revoked -> {
          if (revoked.isEmpty()) {
            ctx.fail(new ProblemException(ProblemType.NOT_FOUND, "no token " + id, "id"));
          } else {
            ctx.response().setStatusCode(204).end();
          }
        })
        .onFailure(ctx::fail);
  }
}
