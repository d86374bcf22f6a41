package org.roadscan.detector.geo;

import java.time.Instant;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * What a video's telemetry (DJI SRT subtitles, a GPX track) says about one sampled frame: the
 * counterpart of a photo's EXIF and XMP tags, for a JPEG that has none. Angles in degrees as DJI
 * writes them (see {@link CaptureMetadata}: pitch -90 = nadir, yaw clockwise from true north),
 * lengths in metres, WGS84 coordinates in (lon, lat) order. Optional values are null. Immutable.
 *
 * @param lonDeg camera longitude, degrees east
 * @param latDeg camera latitude, degrees north
 * @param takenAt when the frame was taken, or null (an SRT without absolute times)
 * @param relativeAltitudeM height above the take-off point (SRT {@code rel_alt}, {@code
 *     BAROMETER}), or null
 * @param absoluteAltitudeM altitude as the drone or receiver reports it, usually above sea level
 *     (SRT {@code abs_alt}, GPX {@code ele}), or null
 * @param gimbalPitchDeg gimbal pitch, -90 = straight down, or null
 * @param gimbalYawDeg gimbal yaw, or null
 * @param gimbalRollDeg gimbal roll, or null
 * @param flightYawDeg heading of the aircraft or vehicle, e.g. derived from the track, or null
 * @param focalLength35mmEq 35 mm equivalent focal length (SRT {@code focal_len}), or null
 * @param horizontalAccuracyM one-sigma horizontal position error, or null
 */
public record FrameTelemetry(double lonDeg, double latDeg, Instant takenAt,
    Double relativeAltitudeM, Double absoluteAltitudeM, Double gimbalPitchDeg,
    Double gimbalYawDeg, Double gimbalRollDeg, Double flightYawDeg, Double focalLength35mmEq,
    Double horizontalAccuracyM) {

  public FrameTelemetry {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg >= -90 && latDeg <= 90)) {
      throw new IllegalArgumentException("position out of range: lon " + lonDeg + ", lat " + latDeg);
    }
    if (lonDeg == 0 && latDeg == 0) {
      throw new IllegalArgumentException("position 0,0 is what receivers write without a fix");
    }
    requireFinite(relativeAltitudeM, "relativeAltitudeM");
    requireFinite(absoluteAltitudeM, "absoluteAltitudeM");
    requireFinite(gimbalPitchDeg, "gimbalPitchDeg");
    requireFinite(gimbalYawDeg, "gimbalYawDeg");
    requireFinite(gimbalRollDeg, "gimbalRollDeg");
    requireFinite(flightYawDeg, "flightYawDeg");
    if (focalLength35mmEq != null && !(focalLength35mmEq > 0 && focalLength35mmEq < 5000)) {
      throw new IllegalArgumentException("focalLength35mmEq must be in (0, 5000): "
          + focalLength35mmEq);
    }
    if (horizontalAccuracyM != null && !(horizontalAccuracyM >= 0 && horizontalAccuracyM < 1e4)) {
      throw new IllegalArgumentException("horizontalAccuracyM must be >= 0: " + horizontalAccuracyM);
    }
  }

  /** This telemetry with another gimbal pitch (e.g. the video profile's, when it gave none). */
  public FrameTelemetry withGimbalPitchDeg(Double pitchDeg) {
    return new FrameTelemetry(lonDeg, latDeg, takenAt, relativeAltitudeM, absoluteAltitudeM,
        pitchDeg, gimbalYawDeg, gimbalRollDeg, flightYawDeg, focalLength35mmEq,
        horizontalAccuracyM);
  }

  /** This telemetry with another 35 mm equivalent focal length. */
  public FrameTelemetry withFocalLength35mmEq(Double focal35Mm) {
    return new FrameTelemetry(lonDeg, latDeg, takenAt, relativeAltitudeM, absoluteAltitudeM,
        gimbalPitchDeg, gimbalYawDeg, gimbalRollDeg, flightYawDeg, focal35Mm,
        horizontalAccuracyM);
  }

  /**
   * The metadata of the frame, as {@link org.roadscan.detector.metadata.MetadataReader} would
   * read it from a photo with these tags: GPS from the telemetry, DJI pose tags from the gimbal
   * values, {@code FocalLengthIn35mmFilm} from {@code focalLength35mmEq}, {@code GPSAltitude} and
   * {@code AbsoluteAltitude} both from {@code absoluteAltitudeM}; no camera make or model (nothing
   * downstream needs them for a frame: the 35 mm focal length or the profile's camera gives the
   * intrinsics), orientation as stored.
   *
   * @param widthPx the frame's width as encoded, pixels
   * @param heightPx the frame's height as encoded, pixels
   */
  public CaptureMetadata toMetadata(int widthPx, int heightPx) {
    return new CaptureMetadata(lonDeg, latDeg, absoluteAltitudeM, relativeAltitudeM,
        gimbalPitchDeg, gimbalYawDeg, flightYawDeg, null, focalLength35mmEq, widthPx, heightPx,
        null, null, takenAt, horizontalAccuracyM, absoluteAltitudeM, gimbalRollDeg, null, null);
  }

  private static void requireFinite(Double value, String name) {
    if (value != null && !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite: " + value);
    }
  }
}
