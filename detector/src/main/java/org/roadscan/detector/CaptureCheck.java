package org.roadscan.detector;

import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.GeoreferenceOp;
import org.roadscan.detector.geo.PoseUncertainty;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;

/**
 * The facade's cheap pre-check of an image: reads its metadata (GPS, frame header, pose) and
 * refuses what {@link CaptureAnalyzer#analyze} would refuse for it (no GPS, an impossible pose, an
 * unknown camera), without decoding the image or running the model, so a service can answer an
 * upload at once. Needs no model.
 *
 * <p>Thread-safe; each call blocks for the file parsing, so callers run it on worker threads,
 * never on an event loop.
 */
public final class CaptureCheck {

  private final MetadataReader reader = new MetadataReader();

  /**
   * Checks one image.
   *
   * @param imageBytes the file as uploaded
   * @param profile the survey profile sent with it ({@link SurveyProfile#NONE} when none)
   * @return the image's metadata
   * @throws CaptureException naming the reason and the tag at fault (e.g. {@code GPSLatitude})
   */
  public CaptureMetadata check(byte[] imageBytes, SurveyProfile profile) throws CaptureException {
    return check(imageBytes, CaptureContext.of(profile));
  }

  /**
   * Checks one image in its context: a photo, or a frame sampled from a video whose metadata comes
   * from the context's telemetry ({@link CaptureContext#frame()}).
   *
   * @param imageBytes the file as uploaded, or the encoded frame
   * @param context the survey profile, track heading and frame telemetry sent with it
   * @return the image's metadata
   * @throws CaptureException naming the reason and the tag at fault
   */
  public CaptureMetadata check(byte[] imageBytes, CaptureContext context) throws CaptureException {
    CaptureMetadata metadata = reader.read(imageBytes, context);
    // Refuses impossible poses and unknown cameras now; the uncertainties do not matter for that.
    GeoreferenceOp.forCapture(metadata, context, PoseUncertainty.DEFAULTS);
    return metadata;
  }
}
