package org.roadscan.api.survey;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * A claimed survey video, as {@link VideoFrames} expands it.
 *
 * @param id the media id
 * @param surveyId its survey
 * @param fileName the video's name as uploaded (e.g. {@code DJI_0001.MP4})
 * @param videoFile the stored video file (content-addressed, read-only)
 * @param telemetryKind {@code srt} (DJI telemetry subtitles) or {@code gpx} (a GPS track)
 * @param telemetry the stored telemetry or track file
 * @param profile the survey's profile, stored form of {@code CaptureContextJson} ({@code {}}: none)
 * @param videoOptions the survey profile's video member, or null
 * @param attempts expansions started, this one included
 */
public record MediaRow(long id, long surveyId, String fileName, Path videoFile,
    String telemetryKind, Path telemetry, JsonObject profile, SurveyVideo videoOptions,
    int attempts) {
}
