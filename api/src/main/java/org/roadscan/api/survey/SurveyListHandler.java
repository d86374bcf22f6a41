package org.roadscan.api.survey;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.roadscan.api.auth.Principal;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /v1/surveys?limit=50&cursor=…}: surveys newest first, {@code {"surveys": [...],
 * "next": url|null}}; {@code next} (also a {@code Link} header) continues after the page's last
 * survey (a keyset cursor, stable while surveys are added). A crew sees its own surveys only.
 */
public final class SurveyListHandler implements Handler<RoutingContext> {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  private final PgSurveys surveys;

  public SurveyListHandler(PgSurveys surveys) {
    this.surveys = surveys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    int limit;
    Long cursor;
    try {
      limit = limit(ctx.queryParams().get("limit"));
      cursor = cursor(ctx.queryParams().get("cursor"));
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    Principal principal = Principal.of(ctx);
    surveys.page(limit, cursor, principal.seesOnlyOwn() ? principal.name() : null)
        .onSuccess(page -> {
          JsonArray items = new JsonArray();
          page.forEach(survey -> items.add(SurveyJson.summary(survey)));
          String next = page.size() < limit ? null
              : "/v1/surveys?limit=" + limit + "&cursor=" + last(page).id();
          if (next != null) {
            ctx.response().putHeader("Link", "<" + next + ">; rel=\"next\"");
          }
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(new JsonObject().put("surveys", items).put("next", next).encode());
        })
        .onFailure(ctx::fail);
  }

  private static Survey last(List<Survey> page) {
    return page.get(page.size() - 1);
  }

  private static int limit(String text) {
    int limit;
    try {
      limit = text == null ? DEFAULT_LIMIT : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          "limit must be an integer 1.." + MAX_LIMIT + ", was " + text, "limit");
    }
    return limit;
  }

  private static Long cursor(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          "cursor is not one this service issued; start again without it", "cursor");
    }
  }
}
