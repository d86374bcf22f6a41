package org.roadscan.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;
import org.roadscan.api.docs.ApiRoute;

/**
 * {@code GET /v1/me}: who the token belongs to and what it may call, for the page to offer only
 * what the role may do: {@code {"name", "role", "roles": [...], "may": ["GET /v1/repairs",
 * "PATCH /v1/damages/{id}", ...]}} ({@code may}: every route of the router that needs a token
 * and admits the principal, as {@code /openapi.json} names them). Stateless.
 */
public final class MeHandler implements Handler<RoutingContext> {

  private final Supplier<Map<ApiRoute, Access>> routes;

  /** @param routes the router's access table (complete once the router is built) */
  public MeHandler(Supplier<Map<ApiRoute, Access>> routes) {
    this.routes = routes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    JsonArray may = new JsonArray();
    routes.get().forEach((route, access) -> {
      if (!access.isPublic() && access.admits(principal)) {
        may.add(route.toString());
      }
    });
    JsonArray roles = new JsonArray();
    principal.roles().stream().map(Role::value).sorted().forEach(roles::add);
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject()
            .put("name", principal.name())
            .put("role", principal.mainRole().value())
            .put("roles", roles)
            .put("may", may)
            .encode());
  }
}
