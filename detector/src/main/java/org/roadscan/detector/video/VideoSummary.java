package org.roadscan.detector.video;

import java.time.Instant;

/**
 * What {@link VideoSampler} found in a video. Immutable.
 *
 * @param framesDecoded frames decoded, the whole video
 * @param framesSampled frames chosen by the ground-distance rule, including those a resume skipped
 *     (the last {@link SampledFrame#index()} + 1)
 * @param framesEmitted sampled frames delivered to the sink on this run
 * @param framesRefused frames outside the telemetry (each stretch reported once)
 * @param durationMs time of the last decoded frame, ms from the start
 * @param codec the video codec's FFmpeg name, e.g. {@code h264}
 * @param widthPx frame width, pixels
 * @param heightPx frame height, pixels
 * @param frameRate frames per second as the container states it
 * @param creationTime the container's {@code creation_time}, or null
 */
public record VideoSummary(int framesDecoded, int framesSampled, int framesEmitted,
    int framesRefused, long durationMs, String codec, int widthPx, int heightPx, double frameRate,
    Instant creationTime) {
}
