package org.roadscan.api.survey;

/**
 * Expands a survey video into georeferenced still frames: decodes it, pairs each frame with the
 * telemetry or track, and samples frames by ground distance ({@link SurveyVideo#sampleDistanceM},
 * overlap). The seam between the durable {@link MediaExpansion} and the decoder, which lives in
 * the detector module.
 *
 * <p>Implementations block (decoding) and are called on a worker executor, one media at a time
 * per call; they must be thread-safe when several calls run at once.
 */
@FunctionalInterface
public interface VideoFrames {

  /**
   * Produces the video's sampled frames in increasing {@link VideoFrame#index()}, starting after
   * {@code resumeAfterIndex} (-1: from the start; after a restart, the last frame already queued
   * or refused). An index is the frame's position in the sampled sequence, stable between runs
   * over the same video and profile. A frame produced again is ignored by the consumer.
   *
   * @param media the video, its telemetry or track and the survey's profile
   * @param consumer takes each frame (blocking: it stores and queues it) or its refusal
   * @throws org.roadscan.api.problem.ProblemException when the video cannot be expanded at all
   *     (corrupt, unsupported codec, telemetry unusable): the media fails with that problem
   * @throws Exception on other faults: the media is retried (up to {@link
   *     PgSurveyMedia#MAX_ATTEMPTS} attempts), resuming after the last queued frame
   */
  void expand(MediaRow media, int resumeAfterIndex, FrameConsumer consumer) throws Exception;
}
