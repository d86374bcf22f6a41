package org.roadscan.detector.video;

/**
 * The first frame of a stretch of a video that cannot be placed (before or after its telemetry, or
 * in a dropout); one is reported per contiguous stretch. Immutable.
 *
 * @param index the frame's number among all decoded frames of the video, from 0
 * @param timestampMs the frame's time in the video, from its start, ms
 * @param reason why, for the user, naming the times involved
 */
public record RefusedFrame(int index, long timestampMs, String reason) {
}
