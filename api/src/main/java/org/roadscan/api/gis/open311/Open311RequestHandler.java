package org.roadscan.api.gis.open311;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.gis.PgDamageSearch;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /open311/v2/requests/{id}.json}: one damage as an array of one service request (as
 * the spec answers), or a 404 problem.
 */
public final class Open311RequestHandler implements Handler<RoutingContext> {

  private static final String SUFFIX = ".json";

  private final PgDamageSearch search;

  public Open311RequestHandler(PgDamageSearch search) {
    this.search = search;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    long id = -1;
    if (file.endsWith(SUFFIX)) {
      try {
        id = Long.parseLong(file.substring(0, file.length() - SUFFIX.length()));
      } catch (NumberFormatException e) {
        id = -1;
      }
    }
    if (id < 1) {
      ctx.fail(notFound(file));
      return;
    }
    search.byId(id)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(notFound(file));
            return;
          }
          Open311RequestsHandler.respond(ctx,
              new JsonArray().add(Open311Json.request(found.get())));
        })
        .onFailure(ctx::fail);
  }

  private static ProblemException notFound(String file) {
    return new ProblemException(ProblemType.NOT_FOUND, "no service request " + file,
        "service_request_id");
  }
}
