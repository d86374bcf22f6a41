package org.roadscan.detector.geo;

/**
 * Everything besides the file that decides how one capture is placed: the survey's profile and,
 * for vehicle runs, the driving direction derived from the neighbouring captures' GPS fixes
 * ({@link TrackHeadingOp}). Immutable.
 *
 * @param profile what the user said about the survey; never null
 * @param trackHeadingDeg driving direction at this capture, degrees clockwise from true north, or
 *     null when unknown
 */
public record CaptureContext(SurveyProfile profile, Double trackHeadingDeg) {

  /** No profile, no track. */
  public static final CaptureContext NONE = new CaptureContext(SurveyProfile.NONE, null);

  public CaptureContext {
    if (profile == null) {
      throw new IllegalArgumentException("profile is required (use SurveyProfile.NONE)");
    }
    if (trackHeadingDeg != null && !Double.isFinite(trackHeadingDeg)) {
      throw new IllegalArgumentException("trackHeadingDeg must be finite: " + trackHeadingDeg);
    }
  }

  /** The context of a capture of a survey, without track heading. */
  public static CaptureContext of(SurveyProfile profile) {
    return new CaptureContext(profile, null);
  }
}
