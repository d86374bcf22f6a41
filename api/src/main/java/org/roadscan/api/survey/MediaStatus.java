package org.roadscan.api.survey;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A video of a survey as {@code GET /v1/surveys/{id}} shows it.
 *
 * @param state queued, expanding, done or failed
 * @param framesSampled frames queued as jobs so far
 * @param framesRefused frames the expansion refused
 * @param error the RFC 9457 problem once failed, else null
 */
public record MediaStatus(long id, String fileName, String sha256, long bytes, String telemetryKind,
    String telemetryFileName, String state, int framesSampled, int framesRefused, JsonObject error,
    Instant createdAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("kind", "video")
        .put("fileName", fileName)
        .put("sha256", sha256)
        .put("bytes", bytes)
        .put("telemetry", new JsonObject().put("kind", telemetryKind)
            .put("fileName", telemetryFileName))
        .put("state", state)
        .put("framesSampled", framesSampled)
        .put("framesRefused", framesRefused)
        .put("error", error)
        .put("createdAt", createdAt.toString());
  }
}
