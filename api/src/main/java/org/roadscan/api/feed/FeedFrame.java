package org.roadscan.api.feed;

import java.time.Instant;
import org.roadscan.detector.geo.CaptureContext;

/**
 * One frame handed to the lane. Immutable (the bytes are not copied: the caller hands them over).
 *
 * @param jpeg the frame as sent
 * @param context its telemetry when a {@code pose} came with it, else {@link CaptureContext#NONE}
 *     (the JPEG's EXIF/XMP place it)
 * @param incident the incident it belongs to, or null
 * @param stream the queue it waits in: {@code incident:<id>}, or the connection's
 * @param receivedAt when the service received it
 */
public record FeedFrame(byte[] jpeg, CaptureContext context, String incident, String stream,
    Instant receivedAt) {
  public FeedFrame {
    if (jpeg == null || context == null || stream == null || receivedAt == null) {
      throw new IllegalArgumentException("jpeg, context, stream and receivedAt are required");
    }
  }
}
