package org.roadscan.detector.track;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicLine;
import net.sf.geographiclib.GeodesicMask;
import org.roadscan.detector.geo.FrameTelemetry;
import org.roadscan.detector.geo.TrackHeadingOp;
import org.roadscan.detector.geo.Wgs84;

/**
 * A video's telemetry as a function of time: {@link TrackPoint}s sorted by time, interpolated
 * between neighbours. Immutable and thread-safe.
 *
 * <p>{@link #at} interpolates linearly in time: the position along the geodesic between the two
 * neighbouring points (GeographicLib, WGS84), heights and the 35 mm focal length linearly, angles
 * linearly along the shorter way round (yaw 350° → 10° passes through 0°, not 180°). A value one
 * neighbour lacks is taken from the other. Instants outside [first, last] by more than a tolerance,
 * and instants between two points more than {@value #MAX_GAP_MS} ms apart (a telemetry dropout),
 * have no sample: a frame there is refused, never placed at a guess.
 *
 * <p>The direction of travel is the geodesic azimuth between the nearest points around the instant
 * that are at least {@value #MIN_BASELINE_M} m apart (widening the window one point on each side at
 * a time, up to {@value #MAX_HEADING_SPAN_MS} ms): 30 Hz SRT fixes a few decimetres apart are
 * mostly GPS quantisation, a standing vehicle's jitter has no direction.
 */
public final class FrameTrack {

  /** What a track's times count from. */
  public enum Clock {
    /** Milliseconds from the start of the video (DJI SRT subtitles). */
    VIDEO,
    /** Milliseconds since the Unix epoch, UTC (GPX); the video's start time aligns them. */
    EPOCH
  }

  /** Interpolation tolerance beyond the ends of the track used by {@link #at(long)}, ms. */
  public static final long DEFAULT_TOLERANCE_MS = 20;
  /** Longest time between two points still interpolated, ms; a longer gap is a dropout. */
  public static final long MAX_GAP_MS = 5_000;
  /** Shortest baseline giving a direction of travel, metres (as {@link TrackHeadingOp}). */
  public static final double MIN_BASELINE_M = TrackHeadingOp.MIN_BASELINE_M;
  /** Longest time a heading baseline may span, ms. */
  public static final long MAX_HEADING_SPAN_MS = 10_000;

  private final List<TrackPoint> points;
  private final Clock clock;

  /**
   * A track of the given points, sorted here by time; of points with equal times the first is kept.
   *
   * @throws IllegalArgumentException when there is no point
   */
  public FrameTrack(List<TrackPoint> points, Clock clock) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a track needs at least one point");
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock is required");
    }
    List<TrackPoint> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingLong(TrackPoint::timeMs));
    List<TrackPoint> unique = new ArrayList<>(sorted.size());
    for (TrackPoint point : sorted) {
      if (unique.isEmpty() || unique.get(unique.size() - 1).timeMs() != point.timeMs()) {
        unique.add(point);
      }
    }
    this.points = List.copyOf(unique);
    this.clock = clock;
  }

  /** The points, sorted by time, without duplicate times. */
  public List<TrackPoint> points() {
    return points;
  }

  public Clock clock() {
    return clock;
  }

  /** Time of the first point, ms on {@link #clock()}. */
  public long startMs() {
    return points.get(0).timeMs();
  }

  /** Time of the last point, ms on {@link #clock()}. */
  public long endMs() {
    return points.get(points.size() - 1).timeMs();
  }

  /** Like {@link #at(long, long)} with {@value #DEFAULT_TOLERANCE_MS} ms tolerance. */
  public Optional<TrackSample> at(long timeMs) {
    return at(timeMs, DEFAULT_TOLERANCE_MS);
  }

  /**
   * The telemetry at an instant.
   *
   * @param timeMs the instant, ms on {@link #clock()}
   * @param toleranceMs how far before the first or after the last point an instant still takes that
   *     point's values (e.g. half a frame interval)
   * @return the sample, or empty when the instant lies outside the track or in a dropout
   *     ({@link #outsideReason})
   */
  public Optional<TrackSample> at(long timeMs, long toleranceMs) {
    if (outsideReason(timeMs, toleranceMs) != null) {
      return Optional.empty();
    }
    int i = segmentStart(timeMs);
    TrackPoint a = points.get(i);
    TrackPoint b = i + 1 < points.size() ? points.get(i + 1) : a;
    double fraction = b.timeMs() == a.timeMs() ? 0
        : Math.min(1, Math.max(0, (double) (timeMs - a.timeMs()) / (b.timeMs() - a.timeMs())));
    double[] lonLat = interpolatePosition(a, b, fraction);
    Double headingDeg = headingDeg(i, timeMs);
    Double gimbalYawDeg = angle(a.gimbalYawDeg(), b.gimbalYawDeg(), fraction);
    FrameTelemetry telemetry = new FrameTelemetry(lonLat[0], lonLat[1],
        takenAt(a, b, fraction, timeMs),
        linear(a.relativeAltitudeM(), b.relativeAltitudeM(), fraction),
        linear(a.absoluteAltitudeM(), b.absoluteAltitudeM(), fraction),
        linear(a.gimbalPitchDeg(), b.gimbalPitchDeg(), fraction),
        gimbalYawDeg,
        angle(a.gimbalRollDeg(), b.gimbalRollDeg(), fraction),
        // Without a gimbal yaw the image's top is taken to point where the aircraft travels.
        gimbalYawDeg == null ? headingDeg : null,
        linear(a.focalLength35mmEq(), b.focalLength35mmEq(), fraction),
        null);
    return Optional.of(new TrackSample(timeMs, telemetry, headingDeg));
  }

  /**
   * Why an instant has no sample, or null when it has one.
   *
   * @param timeMs the instant, ms on {@link #clock()}
   * @param toleranceMs as in {@link #at(long, long)}
   */
  public String outsideReason(long timeMs, long toleranceMs) {
    if (timeMs < startMs() - toleranceMs) {
      return String.format(Locale.ROOT, "before the telemetry starts: %s is %d ms before its first"
          + " point", describe(timeMs), startMs() - timeMs);
    }
    if (timeMs > endMs() + toleranceMs) {
      return String.format(Locale.ROOT, "after the telemetry ends: %s is %d ms after its last"
          + " point", describe(timeMs), timeMs - endMs());
    }
    int i = segmentStart(timeMs);
    if (i + 1 < points.size() && timeMs > points.get(i).timeMs()
        && points.get(i + 1).timeMs() - points.get(i).timeMs() > MAX_GAP_MS) {
      return String.format(Locale.ROOT, "in a telemetry dropout: %s falls between points %d ms"
          + " apart (more than %d ms)", describe(timeMs),
          points.get(i + 1).timeMs() - points.get(i).timeMs(), MAX_GAP_MS);
    }
    return null;
  }

  /**
   * Ground distance travelled between two instants along the track, metres: the geodesic lengths
   * of the pieces between the interpolated positions and the points in between. GPS jitter adds
   * to it; for the distance between two camera positions use {@link Wgs84#distanceM}. Instants
   * are clamped to the track.
   */
  public double distanceM(long fromMs, long toMs) {
    long from = Math.max(startMs(), Math.min(fromMs, toMs));
    long to = Math.min(endMs(), Math.max(fromMs, toMs));
    if (from >= to) {
      return 0;
    }
    double[] previous = positionAt(from);
    double total = 0;
    int i = segmentStart(from) + 1;
    while (i < points.size() && points.get(i).timeMs() < to) {
      TrackPoint p = points.get(i);
      total += Wgs84.distanceM(previous[0], previous[1], p.lonDeg(), p.latDeg());
      previous = new double[] {p.lonDeg(), p.latDeg()};
      i++;
    }
    double[] end = positionAt(to);
    return total + Wgs84.distanceM(previous[0], previous[1], end[0], end[1]);
  }

  private double[] positionAt(long timeMs) {
    int i = segmentStart(timeMs);
    TrackPoint a = points.get(i);
    TrackPoint b = i + 1 < points.size() ? points.get(i + 1) : a;
    double fraction = b.timeMs() == a.timeMs() ? 0
        : Math.min(1, Math.max(0, (double) (timeMs - a.timeMs()) / (b.timeMs() - a.timeMs())));
    return interpolatePosition(a, b, fraction);
  }

  /** Index of the last point at or before the instant (0 before the first point). */
  private int segmentStart(long timeMs) {
    int low = 0;
    int high = points.size() - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (points.get(mid).timeMs() <= timeMs) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  private Double headingDeg(int segment, long timeMs) {
    int before = segment;
    int after = Math.min(segment + 1, points.size() - 1);
    while (true) {
      TrackPoint a = points.get(before);
      TrackPoint b = points.get(after);
      if (b.timeMs() - a.timeMs() > MAX_HEADING_SPAN_MS) {
        return null;
      }
      GeodesicData g = Geodesic.WGS84.Inverse(a.latDeg(), a.lonDeg(), b.latDeg(), b.lonDeg(),
          GeodesicMask.DISTANCE | GeodesicMask.AZIMUTH);
      if (g.s12 >= MIN_BASELINE_M) {
        double deg = g.azi1 % 360;
        return deg < 0 ? deg + 360 : deg;
      }
      if (before == 0 && after == points.size() - 1) {
        return null;
      }
      before = Math.max(0, before - 1);
      after = Math.min(points.size() - 1, after + 1);
    }
  }

  private static double[] interpolatePosition(TrackPoint a, TrackPoint b, double fraction) {
    if (fraction == 0 || a == b) {
      return new double[] {a.lonDeg(), a.latDeg()};
    }
    if (fraction == 1) {
      return new double[] {b.lonDeg(), b.latDeg()};
    }
    GeodesicLine line = Geodesic.WGS84.InverseLine(a.latDeg(), a.lonDeg(), b.latDeg(),
        b.lonDeg(), GeodesicMask.DISTANCE_IN | GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
    GeodesicData at = line.Position(fraction * line.Distance(),
        GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
    return new double[] {at.lon2, at.lat2};
  }

  private Instant takenAt(TrackPoint a, TrackPoint b, double fraction, long timeMs) {
    if (clock == Clock.EPOCH) {
      return Instant.ofEpochMilli(timeMs);
    }
    if (a.takenAt() == null || b.takenAt() == null) {
      return a.takenAt() != null && fraction == 0 ? a.takenAt() : null;
    }
    long spanMs = b.takenAt().toEpochMilli() - a.takenAt().toEpochMilli();
    return a.takenAt().plusMillis(Math.round(fraction * spanMs));
  }

  private static Double linear(Double a, Double b, double fraction) {
    if (a == null || b == null) {
      return a != null ? a : b;
    }
    return a + fraction * (b - a);
  }

  /** Along the shorter way round; the result in (-180, 180]. */
  private static Double angle(Double a, Double b, double fraction) {
    if (a == null || b == null) {
      return a != null ? a : b;
    }
    double delta = Math.IEEEremainder(b - a, 360);
    double value = Math.IEEEremainder(a + fraction * delta, 360);
    return value == -180 ? 180 : value;
  }

  private String describe(long timeMs) {
    return clock == Clock.EPOCH ? Instant.ofEpochMilli(timeMs).toString()
        : String.format(Locale.ROOT, "%.3f s", timeMs / 1000.0);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "FrameTrack[%d points, %s, %s .. %s]", points.size(), clock,
        describe(startMs()), describe(endMs()));
  }
}
