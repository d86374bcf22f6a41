package org.roadscan.api.capture;

import org.roadscan.detector.CaptureException;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.image.ImageFormat;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * A cheap check of an uploaded image made before it is accepted, so the client hears about a photo
 * without GPS, with an impossible pose or an unknown camera synchronously instead of through a
 * failed job. Reads metadata only: no decoding, no inference.
 *
 * <p>Implementations are thread-safe and may block (file parsing); the service calls them on its
 * I/O worker executor, never on an event loop. The production implementation wraps the detector's
 * metadata reader and georeferencing checks.
 */
@FunctionalInterface
public interface CaptureValidator {

  /**
   * Checks one image of an upload, or one sampled video frame (whose context carries its
   * telemetry in place of EXIF/XMP).
   *
   * @param imageBytes the file as uploaded, or the frame's JPEG
   * @param context the survey profile and, for a video frame, its telemetry
   * @return the image's metadata (the upload handler derives track headings from it)
   * @throws CaptureException naming the reason and the tag at fault (e.g. {@code GPSLatitude})
   */
  CaptureMetadata check(byte[] imageBytes, CaptureContext context) throws CaptureException;

  /**
   * This validator behind the pixel check every decoding path shares (issue #30): a JPEG whose
   * frame header declares more than {@code limit}, or has no frame header that can be read, is
   * refused ({@code TOO_MANY_PIXELS}, {@code CORRUPT_IMAGE}) before this validator reads it, so a
   * pixel bomb is never stored or queued. Bytes that are not a JPEG go to this validator as they
   * are (it names them unsupported).
   */
  default CaptureValidator limitedTo(PixelLimit limit) {
    CaptureValidator inner = this;
    return (imageBytes, context) -> {
      if (ImageFormat.sniff(imageBytes).filter(ImageFormat.JPEG::equals).isPresent()) {
        limit.check(imageBytes);
      }
      return inner.check(imageBytes, context);
    };
  }

  /** Checks one photo of an upload with the upload's survey profile ({@link SurveyProfile#NONE}). */
  default CaptureMetadata check(byte[] imageBytes, SurveyProfile profile)
      throws CaptureException {
    return check(imageBytes, CaptureContext.of(profile));
  }
}
