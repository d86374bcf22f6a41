package org.roadscan.api.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.roadscan.api.capture.CaptureContextJson;

/**
 * A row of the job queue.
 *
 * @param id the job id, used in {@code /v1/jobs/{id}}
 * @param state where it is in its life
 * @param attempts analyses started so far
 * @param imageSha256 the image's key in the store
 * @param fileName the file name the client sent
 * @param captureId the registered capture once done, else null
 * @param error the RFC 9457 problem object once failed, else null
 * @param createdAt when it was accepted
 * @param updatedAt its last state change
 * @param context the stored capture context ({@link CaptureContextJson}); {@code {}} for none
 * @param privacy the image's anonymisation record ({@code faces}, {@code plates}, {@code
 *     detector}, {@code anonymisedAt}; {@link org.roadscan.api.capture.ImagePrivacy}), or null for
 *     an image stored before it was kept
 */
public record Job(UUID id, JobState state, int attempts, String imageSha256, String fileName,
    Long captureId, JsonObject error, Instant createdAt, Instant updatedAt, JsonObject context,
    JsonObject privacy) {
}
