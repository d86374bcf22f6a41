package org.roadscan.api.survey;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON forms of a survey in the API. Stateless. */
final class SurveyJson {

  private SurveyJson() {
  }

  /** What a list and the creation answer show. */
  static JsonObject summary(Survey survey) {
    return new JsonObject()
        .put("id", survey.id())
        .put("name", survey.name())
        .put("kind", survey.kind().value())
        .put("profile", profile(survey))
        .put("createdAt", survey.createdAt().toString())
        .put("createdBy", survey.createdBy())
        .put("url", Survey.url(survey.id()))
        .put("media", Survey.url(survey.id()) + "/media")
        .put("events", Survey.url(survey.id()) + "/events");
  }

  /** {@code GET /v1/surveys/{id}}: the summary with progress and videos. */
  static JsonObject detail(Survey survey, SurveyProgress progress, List<MediaStatus> media) {
    JsonArray videos = new JsonArray();
    media.forEach(m -> videos.add(m.toJson()));
    return new JsonObject()
        .put("id", survey.id())
        .put("name", survey.name())
        .put("kind", survey.kind().value())
        .put("state", progress.state().value())
        .put("accepted", progress.accepted())
        .put("processed", progress.processed())
        .put("failed", progress.failed())
        .put("damages", progress.damages())
        .put("media", videos)
        .put("profile", profile(survey))
        .put("createdAt", survey.createdAt().toString())
        .put("createdBy", survey.createdBy())
        .put("url", Survey.url(survey.id()))
        .put("events", Survey.url(survey.id()) + "/events");
  }

  private static JsonObject profile(Survey survey) {
    JsonObject profile = survey.profile().copy();
    if (survey.video() != null) {
      profile.put("video", survey.video().toJson());
    }
    return profile;
  }
}
