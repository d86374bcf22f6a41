package org.roadscan.detector.video;

import org.roadscan.detector.geo.CaptureContext;

/**
 * One frame chosen from a video, ready for {@link org.roadscan.detector.CaptureAnalyzer#analyze}:
 * its JPEG and the context that carries its telemetry. Immutable apart from the array, which the
 * sampler never touches again.
 *
 * @param index number of this frame among the sampled frames of the video, from 0; the same on
 *     every run over the same video, track and profiles (what {@code resumeAfterIndex} counts)
 * @param timestampMs the frame's time in the video, from its start, ms
 * @param jpeg the frame encoded as a baseline JPEG without EXIF
 * @param context the survey profile, the frame's telemetry and the track's heading
 */
public record SampledFrame(int index, long timestampMs, byte[] jpeg, CaptureContext context) {

  public SampledFrame {
    if (index < 0 || jpeg == null || context == null || context.frame() == null) {
      throw new IllegalArgumentException("index >= 0, jpeg and a frame context are required");
    }
  }
}
