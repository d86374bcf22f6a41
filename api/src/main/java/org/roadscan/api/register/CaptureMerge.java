package org.roadscan.api.register;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.roadscan.detector.Observation;
import org.roadscan.detector.geo.EnuPoint;
import org.roadscan.detector.geo.GeoPoint;
import org.roadscan.detector.geo.LocalFrame;
import org.roadscan.detector.geo.Wgs84;

/**
 * Plans how the observations of a batch of captures merge into the register, in memory: {@link
 * MergeRule} applied to the observations of each capture together (one-to-one, aligned by the
 * capture's offset), capture after capture, against the damages near the batch (read under the batch's locks) and the damages its earlier
 * captures created or moved. The result is exactly what registering the captures one by
 * one would write, so {@link PgDamageRegister} writes a whole batch in one statement instead of
 * one round trip per observation.
 *
 * <p>Pure and single-use; not thread-safe.
 */
final class CaptureMerge {

  /** A damage near the capture as stored, read under the capture's locks. */
  record Nearby(long id, String className, double lonDeg, double latDeg, double uncertaintyM,
      double weightSum, double areaM2, double lengthM, double firstAreaM2, Instant firstSeen, Instant lastSeen,
      boolean possiblyRepaired) {
  }

  /** A damage this capture writes: one it creates, or one it merges into, after all its steps. */
  static final class Target {
    /** The stored damage, or null when this capture creates it. */
    final Nearby stored;
    /** 1-based creation order among the damages this capture creates; 0 for a stored one. */
    final int createdOrdinal;
    String className;
    double lonDeg;
    double latDeg;
    double uncertaintyM;
    double weightSum;
    double areaM2;
    double lengthM;
    double firstAreaM2;
    Instant firstSeen;
    Instant lastSeen;
    boolean possiblyRepaired;
    /** The observation whose footprint the damage takes now; null keeps the stored one. */
    Observation largest;
    /** Observations of this capture merged into (or creating) it. */
    int added;

    private Target(Nearby stored, int createdOrdinal) {
      this.stored = stored;
      this.createdOrdinal = createdOrdinal;
    }

    static Target of(Nearby d) {
      Target t = new Target(d, 0);
      t.className = d.className();
      t.lonDeg = d.lonDeg();
      t.latDeg = d.latDeg();
      t.uncertaintyM = d.uncertaintyM();
      t.weightSum = d.weightSum();
      t.areaM2 = d.areaM2();
      t.lengthM = d.lengthM();
      t.firstAreaM2 = d.firstAreaM2();
      t.firstSeen = d.firstSeen();
      t.lastSeen = d.lastSeen();
      t.possiblyRepaired = d.possiblyRepaired();
      return t;
    }

    static Target created(int ordinal, Observation o, GeoPoint aligned, Instant seen) {
      Target t = new Target(null, ordinal);
      t.className = o.detection().className();
      t.lonDeg = aligned.lonDeg();
      t.latDeg = aligned.latDeg();
      t.uncertaintyM = o.uncertaintyM();
      t.weightSum = weight(o);
      t.areaM2 = o.areaM2();
      t.lengthM = o.lengthM();
      t.firstAreaM2 = o.areaM2();
      t.firstSeen = seen;
      t.lastSeen = seen;
      t.largest = o;
      t.added = 1;
      return t;
    }

    boolean isCreated() {
      return stored == null;
    }
  }

  /**
   * What one observation did: the damage it created or merged into, and the events it records
   * (each gets its {@code observationId} when written).
   */
  record Step(long captureId, Observation observation, Target target, boolean merged,
      List<Event> events) {
  }

  /** An audit event of one step. */
  record Event(String kind, JsonObject detail) {
  }

  /** The stored damages by id (ascending: ties go to the lower id). */
  private final Map<Long, Target> stored = new TreeMap<>();
  private final List<Target> created = new ArrayList<>();

  /** @param nearby the stored damages near the batch's observations (duplicates allowed) */
  CaptureMerge(List<Nearby> nearby) {
    for (Nearby d : nearby) {
      stored.putIfAbsent(d.id(), Target.of(d));
    }
  }

  /**
   * Plans the observations of the next capture of the batch ({@link MergeRule}: one-to-one, aligned
   * by the capture's offset).
   *
   * @param seen the capture's time
   * @return one step per observation, in order
   */
  List<Step> plan(long captureId, Instant seen, List<Observation> observations) {
    int n = observations.size();
    if (n == 0) {
      return List.of();
    }
    Observation first = observations.get(0);
    LocalFrame frame = new LocalFrame(first.lonDeg(), first.latDeg());
    List<Target> targets = candidates();
    List<Pair> projected = new ArrayList<>();
    List<Pair> unprojected = new ArrayList<>();
    Map<Target, EnuPoint> targetEnu = new IdentityHashMap<>();
    EnuPoint[] enu = new EnuPoint[n];
    for (int i = 0; i < n; i++) {
      Observation o = observations.get(i);
      enu[i] = frame.toEnu(o.lonDeg(), o.latDeg());
      String className = o.detection().className();
      for (int k = 0; k < targets.size(); k++) {
        Target t = targets.get(k);
        if (!MergeRule.compatible(className, t.className)) {
          continue;
        }
        double d = Wgs84.distanceM(t.lonDeg, t.latDeg, o.lonDeg(), o.latDeg());
        if (d > MergeRule.mergeDistanceM(o.uncertaintyM(), t.uncertaintyM, t.areaM2)) {
          continue;
        }
        EnuPoint te = targetEnu.computeIfAbsent(t, x -> frame.toEnu(x.lonDeg, x.latDeg));
        Pair p = new Pair(i, k, t, enu[i].eastM() - te.eastM(), enu[i].northM() - te.northM(),
            d, weight(o), MergeRule.matchRadiusM(o.areaM2(), t.areaM2));
        (isProjected(o) && t.areaM2 > 0 ? projected : unprojected).add(p);
      }
    }

    double[] offset = offset(projected);
    Target[] match = new Target[n];
    double[] matchM = new double[n];
    boolean[] byOffset = new boolean[n];
    Set<Target> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    if (offset != null) {
      for (Pair p : assign(projected, offset[0], offset[1])) {
        match[p.observation] = p.target;
        matchM[p.observation] = p.residualM(offset[0], offset[1]);
        byOffset[p.observation] = true;
        taken.add(p.target);
      }
    }
    // Pairs with an unprojected side: the nearest candidate by the gate alone, not taken yet.
    unprojected.sort(Comparator.comparingDouble(Pair::distanceM)
        .thenComparingInt(Pair::observation).thenComparingInt(Pair::targetOrder));
    for (Pair p : unprojected) {
      if (match[p.observation] == null && !taken.contains(p.target)) {
        match[p.observation] = p.target;
        matchM[p.observation] = p.distanceM;
        taken.add(p.target);
      }
    }

    double offsetEastM = offset == null ? 0 : offset[0];
    double offsetNorthM = offset == null ? 0 : offset[1];
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Observation o = observations.get(i);
      boolean aligned = isProjected(o) && offset != null;
      GeoPoint position = aligned
          ? frame.toLonLat(enu[i].eastM() - offsetEastM, enu[i].northM() - offsetNorthM)
          : new GeoPoint(o.lonDeg(), o.latDeg());
      Target t = match[i];
      if (t == null) {
        t = Target.created(created.size() + 1, o, position, seen);
        created.add(t);
        steps.add(new Step(captureId, o, t, false, List.of(new Event("created",
            new JsonObject().put("captureId", captureId)))));
        continue;
      }
      JsonObject detail = new JsonObject().put("captureId", captureId)
          .put("distanceM", matchM[i]);
      if (aligned) {
        detail.put("offsetEastM", offsetEastM).put("offsetNorthM", offsetNorthM);
      }
      steps.add(new Step(captureId, o, t, true,
          merge(t, o, position, byOffset[i], detail, seen)));
    }
    return steps;
  }

  /**
   * A candidate pair: observation {@code observation} of the capture and damage {@code target}
   * (the {@code targetOrder}-th candidate: stored by id, then created), {@code eastM}/{@code
   * northM} the observation minus the damage in the capture's local frame, metres.
   */
  private record Pair(int observation, int targetOrder, Target target, double eastM,
      double northM, double distanceM, double weight, double matchRadiusM) {

    double residualM(double offsetEastM, double offsetNorthM) {
      return Math.hypot(eastM - offsetEastM, northM - offsetNorthM);
    }
  }

  /**
   * The capture's offset, {east, north} metres, from its projected pairs ({@link MergeRule}: the
   * pair's offset with most one-to-one matches, refined to the weighted mean of its matches), or
   * null when there is none.
   */
  private static double[] offset(List<Pair> pairs) {
    List<Pair> best = null;
    double bestSquaresM2 = 0;
    double bestOffsetM = 0;
    int bestOrder = 0;
    for (Pair h : pairs) {
      List<Pair> matches = assign(pairs, h.eastM, h.northM);
      double squaresM2 = 0;
      for (Pair p : matches) {
        double r = p.residualM(h.eastM, h.northM);
        squaresM2 += r * r;
      }
      double offsetM = Math.hypot(h.eastM, h.northM);
      int order = h.targetOrder;
      boolean better = best == null || matches.size() > best.size()
          || matches.size() == best.size() && (squaresM2 < bestSquaresM2
          || squaresM2 == bestSquaresM2 && (offsetM < bestOffsetM
          || offsetM == bestOffsetM && order < bestOrder));
      if (better) {
        best = matches;
        bestSquaresM2 = squaresM2;
        bestOffsetM = offsetM;
        bestOrder = order;
      }
    }
    if (best == null) {
      return null;
    }
    double east = 0;
    double north = 0;
    double weights = 0;
    for (Pair p : best) {
      east += p.eastM * p.weight;
      north += p.northM * p.weight;
      weights += p.weight;
    }
    return new double[] {east / weights, north / weights};
  }

  /**
   * The pairs that match under the offset, one-to-one: greedily by residual (ties: observation
   * order, then candidate order), each within its match radius.
   */
  private static List<Pair> assign(List<Pair> pairs, double offsetEastM, double offsetNorthM) {
    List<Pair> within = new ArrayList<>();
    for (Pair p : pairs) {
      if (p.residualM(offsetEastM, offsetNorthM) <= p.matchRadiusM) {
        within.add(p);
      }
    }
    within.sort(Comparator.comparingDouble((Pair p) -> p.residualM(offsetEastM, offsetNorthM))
        .thenComparingInt(Pair::observation).thenComparingInt(Pair::targetOrder));
    Set<Integer> observationsTaken = new HashSet<>();
    Set<Target> targetsTaken = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Pair> matches = new ArrayList<>();
    for (Pair p : within) {
      if (!observationsTaken.contains(p.observation) && !targetsTaken.contains(p.target)) {
        observationsTaken.add(p.observation);
        targetsTaken.add(p.target);
        matches.add(p);
      }
    }
    return matches;
  }

  /** Whether an observation was projected onto the ground (not put at a camera position). */
  private static boolean isProjected(Observation o) {
    return o.projection() != Observation.Projection.CAMERA_POSITION && o.areaM2() > 0;
  }

  /** Stored damages merged into, by id. */
  List<Target> mergedInto() {
    return stored.values().stream().filter(t -> t.added > 0).toList();
  }

  /** Damages created, in creation order. */
  List<Target> created() {
    return created;
  }

  /** Stored damages by id, then created ones in creation order (higher ids). */
  private List<Target> candidates() {
    List<Target> all = new ArrayList<>(stored.size() + created.size());
    all.addAll(stored.values());
    all.addAll(created);
    return all;
  }

  /**
   * Merges an observation at {@code position} (its centre, aligned when its capture has an
   * offset) into a damage; {@code byOffset}: the match used the capture's offset, so σd stays.
   */
  private static List<Event> merge(Target t, Observation o, GeoPoint position, boolean byOffset,
      JsonObject detail, Instant seen) {
    String observedClass = o.detection().className();
    String mergedClass = MergeRule.mergedClass(t.className, observedClass);
    detail.put("observedClass", observedClass);
    if (!mergedClass.equals(t.className)) {
      detail.put("classFrom", t.className).put("classTo", mergedClass);
    }
    double w = weight(o);
    t.lonDeg = (t.lonDeg * t.weightSum + position.lonDeg() * w) / (t.weightSum + w);
    t.latDeg = (t.latDeg * t.weightSum + position.latDeg() * w) / (t.weightSum + w);
    t.weightSum += w;
    if (!byOffset) {
      t.uncertaintyM = 1 / Math.sqrt(1 / (t.uncertaintyM * t.uncertaintyM) + w);
    }
    if (o.areaM2() > t.areaM2) {
      t.largest = o;
      t.areaM2 = o.areaM2();
    }
    t.lengthM = Math.max(t.lengthM, o.lengthM());
    if (seen.isBefore(t.firstSeen)) {
      t.firstAreaM2 = o.areaM2();
      t.firstSeen = seen;
    }
    if (seen.isAfter(t.lastSeen)) {
      t.lastSeen = seen;
    }
    t.className = mergedClass;
    t.added++;
    List<Event> events = new ArrayList<>(2);
    events.add(new Event("merged", detail));
    if (t.possiblyRepaired) {
      t.possiblyRepaired = false;
      events.add(new Event("unflagged", new JsonObject().put("captureId", detail.getLong(
          "captureId"))));
    }
    return events;
  }

  /** Inverse-variance weight of an observation's position, 1/m². */
  static double weight(Observation o) {
    return 1 / (o.uncertaintyM() * o.uncertaintyM());
  }
}
