package org.roadscan.api.survey;

import io.vertx.core.json.JsonObject;
import org.roadscan.api.capture.CaptureContextJson;

/**
 * A sampled frame of a survey video.
 *
 * @param index position in the sampled sequence, from 0; unique per video
 * @param timestampMs time of the frame from the start of the video, milliseconds
 * @param jpeg the frame encoded as JPEG (no EXIF: its pose is in the context)
 * @param context the capture context in the stored form of {@link CaptureContextJson}: the
 *     survey's profile and the frame's telemetry ({@code frame}: position, heights, gimbal,
 *     heading, 35 mm focal length), which the analyzer reads instead of EXIF/XMP
 */
public record VideoFrame(int index, long timestampMs, byte[] jpeg, JsonObject context) {

  public VideoFrame {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    if (jpeg == null || jpeg.length == 0) {
      throw new IllegalArgumentException("jpeg is required");
    }
    context = context == null ? new JsonObject() : context.copy();
  }
}
