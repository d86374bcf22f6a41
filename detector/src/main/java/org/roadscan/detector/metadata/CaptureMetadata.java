package org.roadscan.detector.metadata;

import java.time.Instant;

/**
 * What a capture's metadata says about where and how it was taken. Angles in degrees, lengths in
 * metres, coordinates WGS84. Optional values are {@code null} when the file does not carry them.
 * Immutable and thread-safe.
 *
 * <p>Angle conventions (pinned by tests): {@code gimbalPitchDeg} 0 = camera looking at the
 * horizon, -90 = looking straight down (nadir). Yaw values are degrees clockwise from true north
 * (0 = north, 90 = east), as DJI writes them (range -180..180). {@code gimbalRollDeg} is DJI's
 * roll about the optical axis (0 for a levelled gimbal).
 *
 * <p>Image size is the size stored in the JPEG frame header (SOF), i.e. before the EXIF
 * orientation is applied; a decoder that honours {@code exifOrientation} 5..8 swaps width and
 * height. EXIF {@code ExifImageWidth} may describe an earlier, larger version of the file (e.g. a
 * downscaled copy): it is kept in {@code exifImageWidthPx} and used only to scale calibration values
 * ({@link org.roadscan.detector.geo.CameraIntrinsics}); the size fields are always the SOF size.
 *
 * @param lonDeg camera longitude, degrees east (EXIF GPSLongitude with its Ref)
 * @param latDeg camera latitude, degrees north (EXIF GPSLatitude with its Ref)
 * @param gpsAltitudeM EXIF GPSAltitude above sea level (negative below), or null
 * @param relativeAltitudeM DJI XMP drone-dji:RelativeAltitude, height above the take-off point, or null
 * @param gimbalPitchDeg DJI XMP GimbalPitchDegree, or null
 * @param gimbalYawDeg DJI XMP GimbalYawDegree, or null
 * @param flightYawDeg DJI XMP FlightYawDegree, or null
 * @param focalLengthMm EXIF FocalLength, or null
 * @param focalLength35mmEq EXIF FocalLengthIn35mmFilm, or null
 * @param imageWidthPx image width in pixels as stored (JPEG SOF)
 * @param imageHeightPx image height in pixels as stored (JPEG SOF)
 * @param cameraMake EXIF Make, or null
 * @param cameraModel EXIF Model, or null
 * @param takenAt capture time: EXIF DateTimeOriginal with OffsetTimeOriginal when both are
 *     present; otherwise the EXIF GPS date and time stamp (UTC by definition); otherwise
 *     DateTimeOriginal taken as UTC; or null
 * @param horizontalAccuracyM EXIF GPSHPositioningError, metres, or null
 * @param absoluteAltitudeM DJI XMP drone-dji:AbsoluteAltitude (metres, as the drone reports it,
 *     usually above sea level), or null
 * @param gimbalRollDeg DJI XMP GimbalRollDegree, or null
 * @param gpsImgDirectionDeg EXIF GPSImgDirection, degrees clockwise from north (true or magnetic,
 *     as the GPSImgDirectionRef says; not converted), or null
 * @param exifOrientation EXIF Orientation (1 = as stored, 1..8), or null
 * @param focalPlaneXResolutionPxPerMm EXIF FocalPlaneXResolution converted with
 *     FocalPlaneResolutionUnit (default inch) to pixels per millimetre of the sensor, referring to
 *     an image {@code exifImageWidthPx} wide when that is given; or null
 * @param exifImageWidthPx EXIF ExifImageWidth (PixelXDimension): the width the camera wrote the
 *     image at, which calibration values refer to; or null. Differs from {@code imageWidthPx} when
 *     the file was resized after capture.
 * @param calibratedFocalLengthPx DJI XMP drone-dji:CalibratedFocalLength, pixels of the
 *     full-resolution image, or null
 * @param calibratedOpticalCenterXPx DJI XMP drone-dji:CalibratedOpticalCenterX, pixels from the
 *     left edge of the full-resolution image, or null
 * @param calibratedOpticalCenterYPx DJI XMP drone-dji:CalibratedOpticalCenterY, pixels from the
 *     top edge of the full-resolution image, or null
 * @param rtkStdLonM DJI XMP drone-dji:RtkStdLon, one-sigma RTK error east-west, metres, or null
 * @param rtkStdLatM DJI XMP drone-dji:RtkStdLat, one-sigma RTK error north-south, metres, or null
 * @param rtkStdHgtM DJI XMP drone-dji:RtkStdHgt, one-sigma RTK height error, metres, or null
 */
public record CaptureMetadata(
    double lonDeg, double latDeg, Double gpsAltitudeM, Double relativeAltitudeM,
    Double gimbalPitchDeg, Double gimbalYawDeg, Double flightYawDeg,
    Double focalLengthMm, Double focalLength35mmEq, int imageWidthPx, int imageHeightPx,
    String cameraMake, String cameraModel, Instant takenAt, Double horizontalAccuracyM,
    Double absoluteAltitudeM, Double gimbalRollDeg, Double gpsImgDirectionDeg,
    Integer exifOrientation, Double focalPlaneXResolutionPxPerMm, Integer exifImageWidthPx,
    Double calibratedFocalLengthPx, Double calibratedOpticalCenterXPx,
    Double calibratedOpticalCenterYPx, Double rtkStdLonM, Double rtkStdLatM, Double rtkStdHgtM) {

  public CaptureMetadata {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg >= -90 && latDeg <= 90)) {
      throw new IllegalArgumentException("position out of range: lon " + lonDeg + ", lat " + latDeg);
    }
    if (imageWidthPx < 0 || imageHeightPx < 0) {
      throw new IllegalArgumentException(
          "negative image size " + imageWidthPx + "x" + imageHeightPx);
    }
  }

  /** The first nineteen components; the calibration and RTK ones are null. */
  public CaptureMetadata(
      double lonDeg, double latDeg, Double gpsAltitudeM, Double relativeAltitudeM,
      Double gimbalPitchDeg, Double gimbalYawDeg, Double flightYawDeg,
      Double focalLengthMm, Double focalLength35mmEq, int imageWidthPx, int imageHeightPx,
      String cameraMake, String cameraModel, Instant takenAt, Double horizontalAccuracyM,
      Double absoluteAltitudeM, Double gimbalRollDeg, Double gpsImgDirectionDeg,
      Integer exifOrientation) {
    this(lonDeg, latDeg, gpsAltitudeM, relativeAltitudeM, gimbalPitchDeg, gimbalYawDeg,
        flightYawDeg, focalLengthMm, focalLength35mmEq, imageWidthPx, imageHeightPx, cameraMake,
        cameraModel, takenAt, horizontalAccuracyM, absoluteAltitudeM, gimbalRollDeg,
        gpsImgDirectionDeg, exifOrientation, null, null, null, null, null, null, null, null);
  }

  /** The original fifteen components; the later ones are null. Kept for existing callers. */
  public CaptureMetadata(
      double lonDeg, double latDeg, Double gpsAltitudeM, Double relativeAltitudeM,
      Double gimbalPitchDeg, Double gimbalYawDeg, Double flightYawDeg,
      Double focalLengthMm, Double focalLength35mmEq, int imageWidthPx, int imageHeightPx,
      String cameraMake, String cameraModel, Instant takenAt, Double horizontalAccuracyM) {
    this(lonDeg, latDeg, gpsAltitudeM, relativeAltitudeM, gimbalPitchDeg, gimbalYawDeg,
        flightYawDeg, focalLengthMm, focalLength35mmEq, imageWidthPx, imageHeightPx, cameraMake,
        cameraModel, takenAt, horizontalAccuracyM, null, null, null, null);
  }
}
