package org.roadscan.detector.video;

import java.io.IOException;

/**
 * Where {@link VideoSampler} delivers its frames, one at a time, on the sampling thread, in video
 * order. A sink that stores frames should finish with one before returning (the sampler holds no
 * queue); an {@link IOException} stops the sampling and is passed to the caller.
 */
public interface FrameSink {

  /** A sampled frame (its index above the {@code resumeAfterIndex} given to the sampler). */
  void sampled(SampledFrame frame) throws IOException;

  /** The first frame of a stretch outside the telemetry. */
  void refused(RefusedFrame frame) throws IOException;
}
