package org.roadscan.detector.track;

import org.roadscan.detector.geo.FrameTelemetry;

/**
 * What a {@link FrameTrack} says about one instant: the telemetry interpolated there, and the
 * direction of travel. Immutable.
 *
 * @param timeMs the instant, on the track's clock
 * @param telemetry position, heights and angles at that instant
 * @param trackHeadingDeg direction of travel, degrees clockwise from true north in [0, 360), or
 *     null when the track does not move enough around the instant to tell
 *     ({@link FrameTrack#MIN_BASELINE_M})
 */
public record TrackSample(long timeMs, FrameTelemetry telemetry, Double trackHeadingDeg) {

  public TrackSample {
    if (telemetry == null) {
      throw new IllegalArgumentException("telemetry is required");
    }
  }
}
