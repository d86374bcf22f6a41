package org.roadscan.detector.video;

import java.time.Instant;

/**
 * What the user says about one video, where neither the video nor its telemetry says it.
 * Immutable; {@link #DEFAULTS} for a nadir drone video with telemetry in step.
 *
 * @param gimbalPitchDeg gimbal pitch for frames whose telemetry has none (older SRTs never state
 *     it), degrees, -90 = straight down; in [-180, 0]
 * @param telemetryOffsetMs time to add to a frame's time in the video to find it on the telemetry:
 *     positive when the telemetry runs behind the video (its point for the video's first frame
 *     comes later); 0 by default
 * @param focalLength35mm 35 mm equivalent focal length for frames whose telemetry has none, or
 *     null (the survey profile's camera, when given, wins over both)
 * @param overlap fraction of the along-track footprint that consecutive sampled drone frames share,
 *     in [0, 0.9]; 1/3 by default
 * @param videoStart when the video's first frame was taken, or null; needed to place a video on a
 *     GPX track (absolute times). When given it wins over the container's {@code creation_time},
 *     which many cameras write in local time or at the end of the recording.
 * @param vehicleSampleDistanceM ground distance between sampled frames of a vehicle video (a
 *     survey profile with a mount), and of drone frames whose footprint cannot be computed, metres;
 *     4 by default
 */
public record VideoProfile(double gimbalPitchDeg, long telemetryOffsetMs, Double focalLength35mm,
    double overlap, Instant videoStart, double vehicleSampleDistanceM) {

  /** Default overlap of consecutive drone frames. */
  public static final double DEFAULT_OVERLAP = 1.0 / 3;
  /** Default distance between vehicle frames, metres. */
  public static final double DEFAULT_VEHICLE_SAMPLE_DISTANCE_M = 4;
  /** Nadir drone, telemetry in step, lens from the telemetry, 1/3 overlap, 4 m for vehicles. */
  public static final VideoProfile DEFAULTS = new VideoProfile(-90, 0, null, DEFAULT_OVERLAP, null,
      DEFAULT_VEHICLE_SAMPLE_DISTANCE_M);

  public VideoProfile {
    if (!(gimbalPitchDeg >= -180 && gimbalPitchDeg <= 0)) {
      throw new IllegalArgumentException("gimbalPitchDeg must be in [-180, 0]: " + gimbalPitchDeg);
    }
    if (Math.abs(telemetryOffsetMs) > 86_400_000L) {
      throw new IllegalArgumentException("telemetryOffsetMs must be within a day: "
          + telemetryOffsetMs);
    }
    if (focalLength35mm != null && !(focalLength35mm > 0 && focalLength35mm < 2000)) {
      throw new IllegalArgumentException("focalLength35mm must be in (0, 2000): " + focalLength35mm);
    }
    if (!(overlap >= 0 && overlap <= 0.9)) {
      throw new IllegalArgumentException("overlap must be in [0, 0.9]: " + overlap);
    }
    if (!(vehicleSampleDistanceM > 0 && vehicleSampleDistanceM <= 1000)) {
      throw new IllegalArgumentException("vehicleSampleDistanceM must be in (0, 1000]: "
          + vehicleSampleDistanceM);
    }
  }

  /** These defaults with another telemetry offset. */
  public VideoProfile withTelemetryOffsetMs(long offsetMs) {
    return new VideoProfile(gimbalPitchDeg, offsetMs, focalLength35mm, overlap, videoStart,
        vehicleSampleDistanceM);
  }

  /** This profile with a video start time (for a GPX track). */
  public VideoProfile withVideoStart(Instant start) {
    return new VideoProfile(gimbalPitchDeg, telemetryOffsetMs, focalLength35mm, overlap, start,
        vehicleSampleDistanceM);
  }
}
