package org.roadscan.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code POST /v1/tokens} (admin) with {@code {"name", "role", "days"?}}: 201 with the token as
 * listed plus {@code "token"}, its secret, shown this once; {@code Location} names it for {@code
 * DELETE}. 400 {@code invalid-body} naming the member at fault. The way to create tokens while
 * the service runs, besides {@code token create} on the command line.
 */
public final class TokenCreateHandler implements Handler<RoutingContext> {

  /** Largest body: a name, a role and a number. */
  public static final long BODY_LIMIT_BYTES = 4 * 1024;
  private static final Set<String> MEMBERS = Set.of("name", "role", "days");

  private final PgTokens tokens;

  public TokenCreateHandler(PgTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    NewToken token;
    try {
      token = parse(ctx);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    tokens.create(token, Principal.of(ctx).name())
        .onSuccess(issued -> ctx.response().setStatusCode(201)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.LOCATION, "/v1/tokens/" + issued.token().id())
            .end(issued.token().toJson(Instant.now()).put("token", issued.secret()).encode()))
        .onFailure(ctx::fail);
  }

  private static NewToken parse(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      throw new ProblemException(ProblemType.INVALID_BODY,
          "send a JSON object {\"name\", \"role\", \"days\"}", "body");
    }
    for (String member : body.fieldNames()) {
      if (!MEMBERS.contains(member)) {
        throw new ProblemException(ProblemType.INVALID_BODY, "unknown member '" + member
            + "'; only name, role and days", member);
      }
    }
    Object name = body.getValue("name");
    Object role = body.getValue("role");
    Object days = body.getValue("days");
    if (name != null && !(name instanceof String)) {
      throw new ProblemException(ProblemType.INVALID_BODY, "name must be a string", "name");
    }
    if (role != null && !(role instanceof String)) {
      throw new ProblemException(ProblemType.INVALID_BODY, "role must be a string", "role");
    }
    if (days != null && !(days instanceof Integer || days instanceof Long)) {
      throw new ProblemException(ProblemType.INVALID_BODY, "days must be a whole number",
          "days");
    }
    // out of int range is out of 1..MAX_DAYS too: clamped, then refused by NewToken
    Integer wholeDays = days == null ? null
        : (int) Math.max(0, Math.min(Integer.MAX_VALUE, ((Number) days).longValue()));
    return NewToken.of((String) name, (String) role, wholeDays);
  }
}
