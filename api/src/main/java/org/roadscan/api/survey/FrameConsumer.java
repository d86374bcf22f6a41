package org.roadscan.api.survey;

/**
 * Takes the frames of a {@link VideoFrames#expand} call. Blocking: each call returns once the
 * frame is stored and its job committed (or its refusal recorded), so a crash after it never loses
 * the frame and the next run resumes after it. Called from the expanding thread only.
 */
public interface FrameConsumer {

  /** Stores the frame in the image store and queues its job (once per index). */
  void accept(VideoFrame frame) throws Exception;

  /**
   * Records that a sampled frame cannot become a job (no telemetry at its time, undecodable), with
   * the reason; it counts as failed in the survey.
   */
  void refuse(int index, long timestampMs, String reason) throws Exception;
}
