package org.roadscan.api.jobs;

import io.vertx.core.json.JsonObject;
import org.roadscan.api.capture.CaptureContextJson;
import org.roadscan.api.capture.ImagePrivacy;
import org.roadscan.api.capture.ImageStore;

/**
 * An accepted image to analyse.
 *
 * @param imageSha256 hex SHA-256 of the image, its key in the {@link ImageStore}
 * @param fileName the file name the client sent
 * @param context the stored form of its {@link org.roadscan.detector.geo.CaptureContext} ({@link
 *     CaptureContextJson}); {@code {}} for none
 * @param privacy what the anonymiser blurred when this request stored the image, written with
 *     the job; null when the image was stored before (its record was written then)
 */
public record NewJob(String imageSha256, String fileName, JsonObject context,
    ImagePrivacy privacy) {

  /** A job whose image this request did not store. */
  public NewJob(String imageSha256, String fileName, JsonObject context) {
    this(imageSha256, fileName, context, null);
  }

  /** A job without survey profile. */
  public NewJob(String imageSha256, String fileName) {
    this(imageSha256, fileName, new JsonObject());
  }
}
