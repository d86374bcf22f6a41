package org.roadscan.api.survey;

/**
 * Where a survey stands, counted from the job queue and its media.
 *
 * @param accepted images and frames queued as jobs, in any state
 * @param processed jobs done
 * @param failed jobs failed plus frames a video's expansion refused
 * @param damages distinct damages with an observation from this survey's captures
 * @param media videos accepted
 * @param pendingJobs jobs queued or running
 * @param pendingMedia videos queued or expanding
 */
public record SurveyProgress(long accepted, long processed, long failed, long damages, long media,
    long pendingJobs, long pendingMedia) {

  /** The survey's state: see {@link SurveyState}. */
  public SurveyState state() {
    if (accepted == 0 && media == 0) {
      return SurveyState.RECEIVING;
    }
    return pendingJobs > 0 || pendingMedia > 0 ? SurveyState.PROCESSING : SurveyState.DONE;
  }
}
