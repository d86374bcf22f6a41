package org.roadscan.api.repairs;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.register.Damage;
import org.roadscan.api.register.DamageJson;

/**
 * {@code GET /v1/repairs?limit=50&cursor=…} with the filters and sorts of {@link
 * RepairQueryParams}: the repair list as {@code {"repairs":[…], "next": url-or-null}}, each
 * repair with its position and {@code image}, the URL of the picture of its best observation
 * ({@link org.roadscan.api.register.ObservationImageHandler}); {@code next}
 * (also sent as a {@code Link} header) carries the filters and a keyset cursor, stable while
 * damages are added. A cursor only continues the sort it was issued for.
 */
public final class RepairListHandler implements Handler<RoutingContext> {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  private final PgRepairList repairs;

  public RepairListHandler(PgRepairList repairs) {
    this.repairs = repairs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RepairQuery query;
    try {
      query = RepairQueryParams.parse(ctx.queryParams(), Set.of("limit", "cursor"));
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    int limit;
    RepairCursor cursor = null;
    String limitText = ctx.queryParams().get("limit");
    try {
      limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      ctx.fail(new ProblemException(ProblemType.INVALID_PARAMETER,
          "limit must be an integer 1.." + MAX_LIMIT + ", was " + limitText, "limit"));
      return;
    }
    String cursorText = ctx.queryParams().get("cursor");
    if (cursorText != null) {
      try {
        cursor = RepairCursor.decode(cursorText);
      } catch (IllegalArgumentException e) {
        ctx.fail(new ProblemException(ProblemType.INVALID_PARAMETER,
            "cursor is not one this service issued; start again without it", "cursor"));
        return;
      }
      if (cursor.sort() != query.sort()) {
        ctx.fail(new ProblemException(ProblemType.INVALID_PARAMETER, "the cursor continues sort="
            + cursor.sort().parameter() + ", not sort=" + query.sort().parameter(), "cursor"));
        return;
      }
    }
    int pageLimit = limit;
    String filters = RepairQueryParams.encode(query);
    repairs.page(query, pageLimit, cursor)
        .onSuccess(page -> {
          JsonArray items = new JsonArray();
          for (Damage damage : page.damages()) {
            items.add(DamageJson.properties(damage).put("position", DamageJson.position(damage))
                .put("image", page.imageOf(damage)));
          }
          String next = page.next() == null ? null : "/v1/repairs?limit=" + pageLimit
              + (filters.isEmpty() ? "" : "&" + filters) + "&cursor=" + page.next().encode();
          if (next != null) {
            ctx.response().putHeader("Link", "<" + next + ">; rel=\"next\"");
          }
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(new JsonObject().put("repairs", items).put("next", next).encode());
        })
        .onFailure(ctx::fail);
  }
}
