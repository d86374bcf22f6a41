package org.roadscan.api.survey;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.roadscan.api.auth.Principal;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code POST /v1/surveys} with {@link NewSurvey}'s JSON: 201 with the survey ({@link
 * SurveyJson#summary}) and {@code Location}; 400 naming the member at fault.
 */
public final class SurveyCreateHandler implements Handler<RoutingContext> {

  /** Largest body: a name and a profile ({@code CaptureContextJson.MAX_PROFILE_CHARS}). */
  public static final long BODY_LIMIT_BYTES = 32 * 1024;

  private final PgSurveys surveys;

  public SurveyCreateHandler(PgSurveys surveys) {
    this.surveys = surveys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    NewSurvey survey;
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new ProblemException(ProblemType.INVALID_BODY,
            "send a JSON object {\"name\", \"kind\", \"profile\"}", "body");
      }
      survey = NewSurvey.fromJson(body);
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(new ProblemException(ProblemType.INVALID_BODY,
          "the body must be a JSON object: " + e.getMessage(), "body"));
      return;
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    surveys.create(survey, Principal.of(ctx).name())
        .onSuccess(created -> ctx.response().setStatusCode(201)
            .putHeader(HttpHeaders.LOCATION, Survey.url(created.id()))
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(SurveyJson.summary(created).encode()))
        .onFailure(ctx::fail);
  }
}
