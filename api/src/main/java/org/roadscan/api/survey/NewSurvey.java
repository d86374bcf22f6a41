package org.roadscan.api.survey;

import io.vertx.core.json.JsonObject;
import org.roadscan.api.capture.CaptureContextJson;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.SurveyProfile;

/**
 * The body of {@code POST /v1/surveys}: {@code {"name", "kind": "drone"|"vehicle", "profile"}}
 * where {@code profile} is the capture profile of {@link CaptureContextJson} plus an optional
 * {@code video} member ({@link SurveyVideo}). Immutable.
 *
 * @param profile the stored form of the profile ({@code {}} for none), without {@code video}
 */
public record NewSurvey(String name, SurveyKind kind, JsonObject profile, SurveyVideo video) {

  /** Longest accepted name, characters. */
  public static final int MAX_NAME_CHARS = 200;

  /**
   * Parses and checks a request body.
   *
   * @throws ProblemException 400 naming the member at fault
   */
  public static NewSurvey fromJson(JsonObject body) throws ProblemException {
    for (String member : body.fieldNames()) {
      if (!member.equals("name") && !member.equals("kind") && !member.equals("profile")) {
        throw new ProblemException(ProblemType.INVALID_BODY, "unknown member '" + member
            + "'; a survey has name, kind and profile", member);
      }
    }
    Object name = body.getValue("name");
    if (!(name instanceof String text) || text.isBlank() || text.length() > MAX_NAME_CHARS) {
      throw new ProblemException(ProblemType.INVALID_BODY, "name must be a non-blank string of at"
          + " most " + MAX_NAME_CHARS + " characters", "name");
    }
    Object kindValue = body.getValue("kind");
    SurveyKind kind = kindValue instanceof String k ? SurveyKind.of(k) : null;
    if (kind == null) {
      throw new ProblemException(ProblemType.INVALID_BODY, "kind must be \"drone\" or"
          + " \"vehicle\", was " + kindValue, "kind");
    }
    Object profileValue = body.getValue("profile");
    JsonObject profile = new JsonObject();
    SurveyVideo video = null;
    if (profileValue != null) {
      if (!(profileValue instanceof JsonObject json)) {
        throw new ProblemException(ProblemType.INVALID_PROFILE, "profile must be a JSON object",
            "profile");
      }
      JsonObject capture = json.copy();
      Object videoValue = capture.remove("video");
      if (videoValue != null) {
        video = SurveyVideo.fromJson(videoValue, "profile.video");
      }
      SurveyProfile parsed = CaptureContextJson.profile(capture, "profile");
      JsonObject stored = CaptureContextJson.toJson(new CaptureContext(parsed, null))
          .getJsonObject("profile");
      profile = stored == null ? new JsonObject() : stored;
    }
    return new NewSurvey(text.strip(), kind, profile, video);
  }
}
