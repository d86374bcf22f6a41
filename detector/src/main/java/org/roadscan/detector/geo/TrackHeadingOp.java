package org.roadscan.detector.geo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;

/**
 * The driving direction at each capture of a vehicle run, from the GPS fixes of the captures
 * before and after it (for images that carry no heading of their own).
 *
 * <p>Fixes are ordered by time. For each fix the heading is the geodesic azimuth (WGS84, at the
 * start point) of the first usable baseline of: previous → next (central difference), this →
 * next, previous → this. A baseline is usable when its ends are at most {@value #MAX_GAP_SECONDS}
 * s apart and at least {@value #MIN_BASELINE_M} m apart: shorter moves are GPS jitter of a
 * standing vehicle, whose heading stays unknown. Fixes without a time get no heading.
 *
 * <p>Stateless and thread-safe.
 */
public final class TrackHeadingOp {

  /** Largest time between two fixes of one baseline, seconds. */
  public static final long MAX_GAP_SECONDS = 30;
  /** Smallest distance between the ends of a baseline, metres. */
  public static final double MIN_BASELINE_M = 2;

  /**
   * One GPS fix of a run.
   *
   * @param takenAt when it was taken, or null
   * @param lonDeg longitude, degrees east
   * @param latDeg latitude, degrees north
   */
  public record Fix(Instant takenAt, double lonDeg, double latDeg) {
  }

  private TrackHeadingOp() {
  }

  /**
   * Headings, degrees clockwise from true north in [0, 360), in the order of {@code fixes}; null
   * where unknown.
   */
  public static List<Double> headings(List<Fix> fixes) {
    Double[] headings = new Double[fixes.size()];
    List<Integer> timed = new ArrayList<>();
    for (int i = 0; i < fixes.size(); i++) {
      if (fixes.get(i).takenAt() != null) {
        timed.add(i);
      }
    }
    timed.sort(Comparator.comparing(i -> fixes.get(i).takenAt()));
    for (int k = 0; k < timed.size(); k++) {
      Fix here = fixes.get(timed.get(k));
      Fix previous = k > 0 ? fixes.get(timed.get(k - 1)) : null;
      Fix next = k + 1 < timed.size() ? fixes.get(timed.get(k + 1)) : null;
      Double heading = azimuth(previous, next);
      if (heading == null) {
        heading = azimuth(here, next);
      }
      if (heading == null) {
        heading = azimuth(previous, here);
      }
      headings[timed.get(k)] = heading;
    }
    return Arrays.asList(headings);
  }

  private static Double azimuth(Fix from, Fix to) {
    if (from == null || to == null) {
      return null;
    }
    long gapSeconds = Math.abs(Duration.between(from.takenAt(), to.takenAt()).toSeconds());
    if (gapSeconds > MAX_GAP_SECONDS) {
      return null;
    }
    GeodesicData g = Geodesic.WGS84.Inverse(from.latDeg(), from.lonDeg(), to.latDeg(),
        to.lonDeg(), GeodesicMask.DISTANCE | GeodesicMask.AZIMUTH);
    if (!(g.s12 >= MIN_BASELINE_M)) {
      return null;
    }
    double deg = g.azi1 % 360;
    return deg < 0 ? deg + 360 : deg;
  }
}
