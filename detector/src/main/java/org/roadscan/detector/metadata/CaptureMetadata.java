package org.roadscan.detector.metadata;

import java.time.Instant;

/**
 * What a capture's metadata says about where and how it was taken. Angles in degrees, lengths in
 * metres, coordinates WGS84. Optional values are {@code null} when the file does not carry them.
 *
 * <p>Angle conventions (pinned by tests): {@code gimbalPitchDeg} 0 = camera looking at the
 * horizon, -90 = looking straight down (nadir). Yaw values are degrees clockwise from true north
 * (0 = north, 90 = east), as DJI writes them (range -180..180).
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
 * @param imageWidthPx image width in pixels
 * @param imageHeightPx image height in pixels
 * @param cameraMake EXIF Make, or null
 * @param cameraModel EXIF Model, or null
 * @param takenAt EXIF DateTimeOriginal (taken as UTC when no offset is recorded), or null
 * @param horizontalAccuracyM EXIF GPSHPositioningError, or null
 */
public record CaptureMetadata(
    double lonDeg, double latDeg, Double gpsAltitudeM, Double relativeAltitudeM,
    Double gimbalPitchDeg, Double gimbalYawDeg, Double flightYawDeg,
    Double focalLengthMm, Double focalLength35mmEq, int imageWidthPx, int imageHeightPx,
    String cameraMake, String cameraModel, Instant takenAt, Double horizontalAccuracyM) {
}
