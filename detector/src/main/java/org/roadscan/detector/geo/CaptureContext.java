package org.roadscan.detector.geo;

import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * Everything besides the file that decides how one capture is placed: the survey's profile, for
 * vehicle runs the driving direction derived from the neighbouring captures' GPS fixes ({@link
 * TrackHeadingOp}) or from a video's track, and for a frame sampled from a video the telemetry
 * that stands in for the photo's tags. Immutable.
 *
 * @param profile what the user said about the survey; never null
 * @param trackHeadingDeg driving direction at this capture, degrees clockwise from true north, or
 *     null when unknown
 * @param frame the telemetry of a video frame, or null for a photo. When given, the capture's
 *     metadata comes from it and the JPEG's frame header (size) alone: a sampled frame carries no
 *     EXIF or XMP ({@link org.roadscan.detector.metadata.MetadataReader#read(byte[],
 *     CaptureContext)})
 * @param original the metadata read from the original file before it was anonymised (issue
 *     #31), or null. The stored image is the anonymised re-encoding, which carries no EXIF or XMP
 *     and whose pixels are the original's as displayed (EXIF orientation applied); these are the
 *     original's tags, SOF size and orientation unchanged, so the capture is placed exactly as
 *     the original would be. When given, the JPEG's own tags are not read.
 */
public record CaptureContext(SurveyProfile profile, Double trackHeadingDeg, FrameTelemetry frame,
    CaptureMetadata original) {

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

  /** The context of a photo (no video telemetry). */
  public CaptureContext(SurveyProfile profile, Double trackHeadingDeg) {
    this(profile, trackHeadingDeg, null);
  }

  /** A context without the original's metadata (the JPEG's own tags are read). */
  public CaptureContext(SurveyProfile profile, Double trackHeadingDeg, FrameTelemetry frame) {
    this(profile, trackHeadingDeg, frame, null);
  }

  /**
   * This context with the metadata read from the original before anonymisation; a video frame's
   * context keeps its telemetry and ignores it.
   */
  public CaptureContext withOriginal(CaptureMetadata metadata) {
    return new CaptureContext(profile, trackHeadingDeg, frame, frame == null ? metadata : null);
  }

  /** The context of a capture of a survey, without track heading. */
  public static CaptureContext of(SurveyProfile profile) {
    return new CaptureContext(profile, null);
  }

  /** The context of a frame sampled from a video: its telemetry and the track's heading there. */
  public static CaptureContext ofFrame(SurveyProfile profile, FrameTelemetry frame,
      Double trackHeadingDeg) {
    if (frame == null) {
      throw new IllegalArgumentException("frame is required");
    }
    return new CaptureContext(profile, trackHeadingDeg, frame);
  }

  /** Whether this is the context of a video frame. */
  public boolean isFrame() {
    return frame != null;
  }
}
