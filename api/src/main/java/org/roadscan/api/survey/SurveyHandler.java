package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.auth.Principal;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /v1/surveys/{id}}: the survey with its state ({@link SurveyState}), counts ({@link
 * SurveyProgress}) and videos ({@link MediaStatus}). Unknown or malformed id: 404; so is
 * another crew's survey for a crew ({@link #visible}).
 */
public final class SurveyHandler implements Handler<RoutingContext> {

  private final PgSurveys surveys;

  public SurveyHandler(PgSurveys surveys) {
    this.surveys = surveys;
  }

  /** The survey id of the path, or a 404 problem. */
  static long surveyId(RoutingContext ctx) {
    String text = ctx.pathParam("id");
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw notFound(text);
    }
  }

  /**
   * The survey if the request's principal may see it (a crew: only its own), else a 404 problem,
   * as for an unknown id: another crew's survey does not exist for a crew.
   */
  static Future<Survey> visible(RoutingContext ctx, long id, java.util.Optional<Survey> found) {
    if (found.isEmpty() || !Principal.of(ctx).sees(found.get().createdBy())) {
      return Future.failedFuture(notFound(id));
    }
    return Future.succeededFuture(found.get());
  }

  static ProblemException notFound(Object id) {
    return new ProblemException(ProblemType.NOT_FOUND, "no survey " + id, "id");
  }

  @Override
  public void handle(RoutingContext ctx) {
    long id;
    try {
      id = surveyId(ctx);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    surveys.find(id)
        .compose(found -> visible(ctx, id, found))
        .compose(survey -> surveys.progress(id).compose(progress -> surveys.media(id)
            .map(media -> SurveyJson.detail(survey, progress, media))))
        .onSuccess(json -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(json.encode()))
        .onFailure(ctx::fail);
  }
}
