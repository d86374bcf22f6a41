package org.roadscan.api.survey;

import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * The production {@link VideoFrames} until the detector's video decoder lands: every video fails
 * with 501 {@code video-decoding-unavailable}, so accepted videos are kept (content-addressed,
 * their rows failed with the reason) and nothing pretends to analyse them.
 */
public final class UnavailableVideoFrames implements VideoFrames {

  @Override
  public void expand(MediaRow media, int resumeAfterIndex, FrameConsumer consumer) {
    throw new ProblemException(ProblemType.VIDEO_DECODING_UNAVAILABLE,
        "video decoding is not available in this build", "video");
  }
}
