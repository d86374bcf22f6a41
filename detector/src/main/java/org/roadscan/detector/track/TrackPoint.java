package org.roadscan.detector.track;

import java.time.Instant;

/**
 * One telemetry record of a video: where the camera was at one time, and what else the record says
 * (heights, gimbal angles, lens). Angles in degrees as DJI writes them (pitch -90 = straight down,
 * yaw clockwise from true north), lengths in metres, WGS84 coordinates in (lon, lat) order.
 * Optional values are null. Immutable.
 *
 * @param timeMs when, milliseconds on the track's clock ({@link FrameTrack.Clock}): from the start
 *     of the video for an SRT, since the Unix epoch for a GPX
 * @param takenAt the record's absolute time when it states one, or null
 * @param lonDeg longitude, degrees east
 * @param latDeg latitude, degrees north
 * @param relativeAltitudeM height above the take-off point, or null
 * @param absoluteAltitudeM altitude as reported, usually above sea level, or null
 * @param gimbalPitchDeg gimbal pitch, or null
 * @param gimbalYawDeg gimbal yaw, or null
 * @param gimbalRollDeg gimbal roll, or null
 * @param focalLength35mmEq 35 mm equivalent focal length, or null
 */
public record TrackPoint(long timeMs, Instant takenAt, double lonDeg, double latDeg,
    Double relativeAltitudeM, Double absoluteAltitudeM, Double gimbalPitchDeg, Double gimbalYawDeg,
    Double gimbalRollDeg, Double focalLength35mmEq) {

  public TrackPoint {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg >= -90 && latDeg <= 90)) {
      throw new IllegalArgumentException("position out of range: lon " + lonDeg + ", lat " + latDeg);
    }
  }

  /** A point with a position and an altitude only (a GPX {@code trkpt}). */
  public static TrackPoint position(long timeMs, Instant takenAt, double lonDeg, double latDeg,
      Double absoluteAltitudeM) {
    return new TrackPoint(timeMs, takenAt, lonDeg, latDeg, null, absoluteAltitudeM, null, null,
        null, null);
  }
}
