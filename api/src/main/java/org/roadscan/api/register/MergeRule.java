package org.roadscan.api.register;

import java.util.List;
import org.roadscan.detector.DamageClass.Kind;
import org.roadscan.detector.DamageClass;
import org.roadscan.detector.geo.Wgs84;

/**
 * When an observation is the same physical damage as one already in the register. Pure functions;
 * {@link CaptureMerge} applies them to the observations of each capture together.
 *
 * <p><b>Classes.</b> An observation of class {@code c} may merge into a damage of class {@code c}
 * or of a class <em>compatible</em> with it. The crack classes {@code D00} (longitudinal),
 * {@code D10} (transverse), {@code D20} (alligator) and the pothole {@code D40} are compatible
 * with each other: a crack that became a pothole is the same damage, now worse. Any other class
 * (one a future model adds) merges only with itself. When the classes differ, the damage takes the
 * more severe of the two ({@link #SEVERITY_ORDER}: {@code D40 > D20 > D10 > D00}), so a damage
 * never becomes milder by a later, partial view; the {@code merged} event records {@code
 * classFrom} and {@code classTo}.
 *
 * <p><b>Candidates.</b> A damage {@code d} is a candidate for an observation {@code p} when
 *
 * <pre>
 *   distance(p, d) ≤ max(sqrt(σo² + σd²), radius(d), 1 m)
 *   radius(d) = min(max(σd, sqrt(areaM2(d) / π)), 10 m)
 * </pre>
 *
 * where {@code distance} is the geodesic distance in metres on the WGS84 ellipsoid ({@link
 * Wgs84#distanceM}, the detector's one distance function), {@code σo} the 1-sigma uncertainty of
 * the observation's position, {@code σd} that of the damage's position, so {@code sqrt(σo² + σd²)}
 * is the 1-sigma uncertainty of their difference; {@code sqrt(area / π)} is the radius of a disc
 * of the damage's area, so a large crack seen off-centre in a second photo still qualifies. The
 * 1 m floor absorbs the jitter of precise positions; the 10 m cap stops a large damage from
 * swallowing its street by its size. This gate only says which damages <em>could</em> be the
 * observation's: without RTK it is several metres wide, wider than the distance between two
 * damages of one street.
 *
 * <p><b>One capture at a time.</b> The observations of a capture are matched together:
 *
 * <ol>
 *   <li><b>Never with each other.</b> The boxes of one photo are different damages by
 *       construction (the detector's non-maximum suppression ran): no two observations of one
 *       capture merge into one damage, and none merges into a damage another box of the same
 *       capture created. The assignment below is one-to-one.
 *   <li><b>The frame's offset.</b> GPS, height and tilt errors are shared by every box of a frame,
 *       while positions inside a frame are precise. Only <em>projected</em> pairs (observation and
 *       damage both with a footprint area, i.e. not placed at a bare camera position) take part.
 *       Each candidate pair proposes an offset {@code δ} = observation − damage (east, north, in
 *       metres of a local frame, {@link org.roadscan.detector.geo.LocalFrame}); under {@code δ},
 *       a pair matches when {@code |observation − δ − damage| ≤ matchRadius}, with
 *       <pre>
 *   matchRadius = min(max(0.5 m, sqrt(areaM2(o) / π), sqrt(areaM2(d) / π)), 10 m)
 *       </pre>
 *       (the relative precision inside a frame, or the size of the footprints). The offset with
 *       the most matches (one-to-one, greedily by residual) wins; ties go to the smaller sum of
 *       squared residuals, then to the smaller offset, then to the lower damage id. The capture's
 *       offset is then the inverse-variance weighted mean (weights 1/σo²) of its matched pairs'
 *       offsets, and the matches are assigned again under it. Each matched observation merges;
 *       every other projected observation creates a new damage, even if some damage lies within
 *       the gate: two cracks 1 m apart stay two damages, while a pothole seen from eight
 *       overlapping frames, each with its own GPS error, is one.
 *   <li><b>Pairs with an unprojected side</b> (an observation or damage placed at a bare camera
 *       position, 25 m, area 0) match by the gate alone: an observation not matched yet merges
 *       into the nearest such candidate not already taken by this capture.
 * </ol>
 *
 * A capture with no projected candidate pair keeps offset 0 (its observations create damages
 * where they are). The rule holds across the frames of one survey and across surveys alike (any
 * capture, any time).
 *
 * <p>The search is pre-filtered with an index box ({@link #searchBoxDeg}) of {@link
 * #searchRadiusM(double)}, which
 * assumes {@code σd ≤} {@value #MAX_DAMAGE_UNCERTAINTY_M} m: a damage's σd is never larger than
 * the uncertainty of the observation that created it (see below), and the detector places
 * nothing less certain than that (a bare camera position is 25 m).
 *
 * <p><b>Position, footprint and area.</b> The register keeps the frame of the first capture that
 * saw a place; later captures are aligned to it by their offset, so damages keep their positions
 * relative to each other (averaging raw positions would move each damage by a different share of
 * different GPS errors). Precisely:
 *
 * <ul>
 *   <li>an observation's <em>aligned</em> centre is its centre minus its capture's offset {@code δ}
 *       (0 when the capture has none);
 *   <li>position = inverse-variance weighted mean (weights 1/σo²) of the aligned centres of the
 *       damage's observations (averaged in degrees, exact enough over metres and away from the
 *       antimeridian); a damage created by an offset capture starts at its aligned centre;
 *   <li>footprint = the footprint of the observation with the largest area, translated by the
 *       damage's position minus that observation's centre, so the footprint always sits on the
 *       position and moves with it (a later, partial view must not shrink a damage);
 *   <li>area = that footprint's area; length = the largest observed length;
 *   <li>σd: an aligned merge adds no absolute information (the capture's shared error was just
 *       removed), so σd stays; a merge without offset (an unprojected observation) combines
 *       independent errors, {@code σd = 1/sqrt(1/σd² + 1/σo²)}.
 * </ul>
 *
 * A merge also sets class = the more severe; first/last seen = the earliest/latest capture time;
 * observation count + 1; version + 1; priority recomputed; clears a {@code possibly repaired} flag
 * (event {@code unflagged}); and records a {@code merged} event with the aligned distance and the
 * capture's offset ({@code offsetEastM}, {@code offsetNorthM}). Every observation is kept. The
 * GeoJSON downloads, the OGC items and the repair list all give this position as the damage's
 * Point; the damage page adds this footprint.
 *
 * <p><b>Limits.</b> A damage's absolute accuracy stays that of the first capture that saw it: a
 * later, more precise capture (RTK) is aligned to the older frame rather than correcting it. A
 * capture whose candidates were first seen by different earlier captures (whose GPS errors
 * differ) matches only those that agree with one offset; the others become new damages. The
 * 0.5 m floor is the only allowance for errors that differ inside a frame (heading and height
 * errors scale with the distance from the camera: 2° at 20 m is 0.7 m).
 *
 * <p><b>Concurrency.</b> The register transaction takes {@code pg_advisory_xact_lock(
 * LOCK_NAMESPACE, hashtext(key))} for each of its {@link #lockKeys}, all keys of a capture in
 * sorted order (no deadlocks), before searching, so two workers registering the same damage at
 * once cannot both create it. A key is a compatible-class group ({@value #CRACKS_AND_POTHOLES} for
 * all four RDD classes, since a merge may cross between them) plus a cell of a 0.001° grid around
 * the observation, so captures far apart proceed in parallel.
 */
public final class MergeRule {

  /** Floor of the merge radius, metres. */
  public static final double MIN_RADIUS_M = 1.0;
  /** Cap on the radius a damage contributes from its own uncertainty and size, metres. */
  public static final double MAX_DAMAGE_RADIUS_M = 10.0;
  /** Floor of the match radius inside an aligned frame, metres. */
  public static final double MIN_MATCH_RADIUS_M = 0.5;
  /** Largest σd the index pre-filter allows for, metres (see the class comment). */
  public static final double MAX_DAMAGE_UNCERTAINTY_M = 25.0;
  /** First key of the two-key advisory lock taken per compatible group. */
  public static final int LOCK_NAMESPACE = 0x52534447;
  /** The group of the compatible crack and pothole classes (also its lock key). */
  public static final String CRACKS_AND_POTHOLES = "cracks+potholes";
  /**
   * Compatible classes, mildest first: the cracks and potholes of the {@link DamageClass}
   * catalogue, D00 &lt; D10 &lt; D20 &lt; D40.
   */
  public static final List<String> SEVERITY_ORDER = DamageClass.bySeverity().stream()
      .filter(c -> c.kind() == Kind.CRACK || c.kind() == Kind.POTHOLE).map(DamageClass::code)
      .toList();

  private MergeRule() {
  }

  /** Whether an observation of {@code a} may merge into a damage of {@code b} (symmetric). */
  public static boolean compatible(String a, String b) {
    return a.equals(b) || (SEVERITY_ORDER.contains(a) && SEVERITY_ORDER.contains(b));
  }

  /** The classes an observation of {@code className} may merge into. */
  public static List<String> compatibleClasses(String className) {
    return SEVERITY_ORDER.contains(className) ? SEVERITY_ORDER : List.of(className);
  }

  /** The lock group of a class: {@value #CRACKS_AND_POTHOLES} or the class itself. */
  public static String lockGroup(String className) {
    return SEVERITY_ORDER.contains(className) ? CRACKS_AND_POTHOLES : className;
  }

  /** Side of a lock cell, degrees of latitude and of longitude. */
  static final double LOCK_CELL_DEG = 0.001;

  /**
   * The lock keys an observation takes: its group and every cell of a {@value #LOCK_CELL_DEG}°
   * grid that meets the square of half-side {@code radiusM} around it. Two observations that could
   * merge with each other's damages are at most one search radius apart, so the cell of either lies
   * in the other's square: they share a key and serialise, while captures in other parts of the
   * city proceed in parallel. The degree extent of the square is a generous over-estimate (a
   * 110 km degree of latitude), only ever locking more.
   */
  public static java.util.Set<String> lockKeys(String className, double lonDeg, double latDeg,
      double radiusM) {
    double[] box = searchBoxDeg(lonDeg, latDeg, radiusM);
    java.util.Set<String> keys = new java.util.TreeSet<>();
    String group = lockGroup(className);
    for (long y = cell(box[1]); y <= cell(box[3]); y++) {
      for (long x = cell(box[0]); x <= cell(box[2]); x++) {
        keys.add(group + ':' + y + ':' + x);
      }
    }
    return keys;
  }

  private static long cell(double deg) {
    return (long) Math.floor(deg / LOCK_CELL_DEG);
  }

  /**
   * The class of a damage of {@code damageClass} after an observation of {@code observedClass}
   * merged into it: the more severe of two compatible classes.
   *
   * @throws IllegalArgumentException when the classes are not compatible
   */
  public static String mergedClass(String damageClass, String observedClass) {
    if (!compatible(damageClass, observedClass)) {
      throw new IllegalArgumentException(damageClass + " and " + observedClass
          + " are not compatible");
    }
    return SEVERITY_ORDER.indexOf(observedClass) > SEVERITY_ORDER.indexOf(damageClass)
        ? observedClass : damageClass;
  }

  /** radius(d) = min(max(σd, sqrt(area / π)), 10 m), metres. */
  public static double damageRadiusM(double damageUncertaintyM, double damageAreaM2) {
    return Math.min(Math.max(damageUncertaintyM, Math.sqrt(damageAreaM2 / Math.PI)),
        MAX_DAMAGE_RADIUS_M);
  }

  /** The largest distance, metres, at which an observation merges into a damage. */
  public static double mergeDistanceM(double observationUncertaintyM, double damageUncertaintyM,
      double damageAreaM2) {
    double combinedM = Math.hypot(observationUncertaintyM, damageUncertaintyM);
    return Math.max(Math.max(combinedM, damageRadiusM(damageUncertaintyM, damageAreaM2)),
        MIN_RADIUS_M);
  }

  /**
   * The largest distance, metres, between an observation aligned by its capture's offset and a
   * damage it matches: {@code min(max(0.5 m, sqrt(areaO / π), sqrt(areaD / π)), 10 m)}.
   */
  public static double matchRadiusM(double observationAreaM2, double damageAreaM2) {
    double footprintM = Math.sqrt(Math.max(observationAreaM2, damageAreaM2) / Math.PI);
    return Math.min(Math.max(MIN_MATCH_RADIUS_M, footprintM), MAX_DAMAGE_RADIUS_M);
  }

  /**
   * A lon/lat box that contains every point within {@code radiusM} of the position: {@code [west,
   * south, east, north]}, degrees. Generous (a 110 km degree of latitude), never too small away
   * from the poles.
   */
  public static double[] searchBoxDeg(double lonDeg, double latDeg, double radiusM) {
    double dLat = radiusM / 110_000;
    double dLon = dLat / Math.max(0.01, Math.cos(Math.toRadians(Math.min(89.9, Math.abs(latDeg)))));
    return new double[] {lonDeg - dLon, latDeg - dLat, lonDeg + dLon, latDeg + dLat};
  }

  /** The index search radius for an observation of uncertainty {@code uncertaintyM}, metres. */
  public static double searchRadiusM(double uncertaintyM) {
    return Math.max(Math.max(Math.hypot(uncertaintyM, MAX_DAMAGE_UNCERTAINTY_M),
        MAX_DAMAGE_RADIUS_M), MIN_RADIUS_M);
  }
}
