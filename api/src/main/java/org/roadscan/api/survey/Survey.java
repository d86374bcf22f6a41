package org.roadscan.api.survey;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.roadscan.api.capture.CaptureContextJson;
import org.roadscan.detector.geo.CaptureContext;

/**
 * A survey row.
 *
 * @param id its id, used in {@code /v1/surveys/{id}}
 * @param name the client's name for it
 * @param kind drone or vehicle
 * @param profile the survey profile in the stored form of {@link CaptureContextJson} ({@code {}}
 *     for none), without the video member
 * @param video the profile's video member, or null
 * @param createdAt when it was created
 * @param createdBy the principal that created it (issue #30: a crew sees only its own surveys),
 *     or null for surveys from before
 */
public record Survey(long id, String name, SurveyKind kind, JsonObject profile, SurveyVideo video,
    Instant createdAt, String createdBy) {

  /** The survey's URL, relative to the server root. */
  public static String url(long id) {
    return "/v1/surveys/" + id;
  }

  /** The capture context its jobs are queued with, before any per-image track heading. */
  public CaptureContext context() {
    return CaptureContextJson.fromJson(
        profile.isEmpty() ? new JsonObject() : new JsonObject().put("profile", profile));
  }
}
