package org.roadscan.api.capture;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * The stored form of a capture's {@link CaptureMetadata}, read from the original file at upload
 * and kept with its job (issue #31): the stored image is the anonymised re-encoding, which carries
 * no EXIF or XMP, so the tags that place the capture travel here instead. Member names are the
 * record's component names (units in the names); absent values are left out. Nothing personal is
 * in it: {@link CaptureMetadata} has no serial numbers, owner names or thumbnails. Stateless.
 */
public final class CaptureMetadataJson {

  private CaptureMetadataJson() {
  }

  public static JsonObject toJson(CaptureMetadata m) {
    JsonObject json = new JsonObject()
        .put("lonDeg", m.lonDeg()).put("latDeg", m.latDeg())
        .put("gpsAltitudeM", m.gpsAltitudeM()).put("relativeAltitudeM", m.relativeAltitudeM())
        .put("gimbalPitchDeg", m.gimbalPitchDeg()).put("gimbalYawDeg", m.gimbalYawDeg())
        .put("flightYawDeg", m.flightYawDeg()).put("focalLengthMm", m.focalLengthMm())
        .put("focalLength35mmEq", m.focalLength35mmEq())
        .put("imageWidthPx", m.imageWidthPx()).put("imageHeightPx", m.imageHeightPx())
        .put("cameraMake", m.cameraMake()).put("cameraModel", m.cameraModel())
        .put("takenAt", m.takenAt() == null ? null : m.takenAt().toString())
        .put("horizontalAccuracyM", m.horizontalAccuracyM())
        .put("absoluteAltitudeM", m.absoluteAltitudeM()).put("gimbalRollDeg", m.gimbalRollDeg())
        .put("gpsImgDirectionDeg", m.gpsImgDirectionDeg())
        .put("exifOrientation", m.exifOrientation())
        .put("focalPlaneXResolutionPxPerMm", m.focalPlaneXResolutionPxPerMm())
        .put("exifImageWidthPx", m.exifImageWidthPx())
        .put("calibratedFocalLengthPx", m.calibratedFocalLengthPx())
        .put("calibratedOpticalCenterXPx", m.calibratedOpticalCenterXPx())
        .put("calibratedOpticalCenterYPx", m.calibratedOpticalCenterYPx())
        .put("rtkStdLonM", m.rtkStdLonM()).put("rtkStdLatM", m.rtkStdLatM())
        .put("rtkStdHgtM", m.rtkStdHgtM());
    json.fieldNames().removeIf(name -> json.getValue(name) == null);
    return json;
  }

  /**
   * @throws IllegalArgumentException (or a ClassCastException) when the JSON is not the stored
   *     form
   */
  public static CaptureMetadata fromJson(JsonObject j) {
    String takenAt = j.getString("takenAt");
    return new CaptureMetadata(j.getDouble("lonDeg"), j.getDouble("latDeg"),
        j.getDouble("gpsAltitudeM"), j.getDouble("relativeAltitudeM"),
        j.getDouble("gimbalPitchDeg"), j.getDouble("gimbalYawDeg"), j.getDouble("flightYawDeg"),
        j.getDouble("focalLengthMm"), j.getDouble("focalLength35mmEq"),
        j.getInteger("imageWidthPx"), j.getInteger("imageHeightPx"), j.getString("cameraMake"),
        j.getString("cameraModel"), takenAt == null ? null : Instant.parse(takenAt),
        j.getDouble("horizontalAccuracyM"), j.getDouble("absoluteAltitudeM"),
        j.getDouble("gimbalRollDeg"), j.getDouble("gpsImgDirectionDeg"),
        j.getInteger("exifOrientation"), j.getDouble("focalPlaneXResolutionPxPerMm"),
        j.getInteger("exifImageWidthPx"), j.getDouble("calibratedFocalLengthPx"),
        j.getDouble("calibratedOpticalCenterXPx"), j.getDouble("calibratedOpticalCenterYPx"),
        j.getDouble("rtkStdLonM"), j.getDouble("rtkStdLatM"), j.getDouble("rtkStdHgtM"));
  }
}
