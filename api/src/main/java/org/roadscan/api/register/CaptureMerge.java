package org.roadscan.api.register;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roadscan.detector.Observation;
import org.roadscan.detector.geo.Wgs84;

/**
 * Plans how the observations of a batch of captures merge into the register, in memory: {@link
 * MergeRule} applied to each observation, capture after capture and in each analysis's order,
 * against the damages near the batch (read under the batch's locks) and the damages its earlier
 * observations created or moved. The result is exactly what registering the observations one by
 * one would write, so {@link PgDamageRegister} writes a whole batch in one statement instead of
 * one round trip per observation.
 *
 * <p>Pure and single-use; not thread-safe.
 */
final class CaptureMerge {

  /** A damage near the capture as stored, read under the capture's locks. */
  record Nearby(long id, String className, double lonDeg, double latDeg, double weightSum,
      double areaM2, double lengthM, double firstAreaM2, Instant firstSeen, Instant lastSeen,
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
      t.weightSum = d.weightSum();
      t.areaM2 = d.areaM2();
      t.lengthM = d.lengthM();
      t.firstAreaM2 = d.firstAreaM2();
      t.firstSeen = d.firstSeen();
      t.lastSeen = d.lastSeen();
      t.possiblyRepaired = d.possiblyRepaired();
      return t;
    }

    static Target created(int ordinal, Observation o, Instant seen) {
      Target t = new Target(null, ordinal);
      t.className = o.detection().className();
      t.lonDeg = o.lonDeg();
      t.latDeg = o.latDeg();
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

    double uncertaintyM() {
      return 1 / Math.sqrt(weightSum);
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
   * Plans the observations of the next capture of the batch, in order.
   *
   * @param seen the capture's time
   * @return one step per observation
   */
  List<Step> plan(long captureId, Instant seen, List<Observation> observations) {
    List<Step> steps = new ArrayList<>(observations.size());
    for (Observation o : observations) {
      steps.add(step(captureId, seen, o));
    }
    return steps;
  }

  /** Stored damages merged into, by id. */
  List<Target> mergedInto() {
    return stored.values().stream().filter(t -> t.added > 0).toList();
  }

  /** Damages created, in creation order. */
  List<Target> created() {
    return created;
  }

  private Step step(long captureId, Instant seen, Observation o) {
    String className = o.detection().className();
    Target nearest = null;
    double nearestM = Double.POSITIVE_INFINITY;
    // Stored damages by id, then created ones in creation order (higher ids): ties go to the first.
    for (Target t : candidates()) {
      if (!MergeRule.compatible(className, t.className)) {
        continue;
      }
      double d = Wgs84.distanceM(t.lonDeg, t.latDeg, o.lonDeg(), o.latDeg());
      if (d <= MergeRule.mergeDistanceM(o.uncertaintyM(), t.uncertaintyM(), t.areaM2)
          && d < nearestM) {
        nearest = t;
        nearestM = d;
      }
    }
    if (nearest == null) {
      Target t = Target.created(created.size() + 1, o, seen);
      created.add(t);
      return new Step(captureId, o, t, false, List.of(new Event("created",
          new JsonObject().put("captureId", captureId))));
    }
    return new Step(captureId, o, nearest, true,
        merge(nearest, o, nearestM, captureId, seen));
  }

  private Iterable<Target> candidates() {
    List<Target> all = new ArrayList<>(stored.size() + created.size());
    all.addAll(stored.values());
    all.addAll(created);
    return all;
  }

  private static List<Event> merge(Target t, Observation o, double distanceM, long captureId,
      Instant seen) {
    String observedClass = o.detection().className();
    String mergedClass = MergeRule.mergedClass(t.className, observedClass);
    JsonObject detail = new JsonObject().put("captureId", captureId).put("distanceM", distanceM)
        .put("observedClass", observedClass);
    if (!mergedClass.equals(t.className)) {
      detail.put("classFrom", t.className).put("classTo", mergedClass);
    }
    double w = weight(o);
    t.lonDeg = (t.lonDeg * t.weightSum + o.lonDeg() * w) / (t.weightSum + w);
    t.latDeg = (t.latDeg * t.weightSum + o.latDeg() * w) / (t.weightSum + w);
    t.weightSum += w;
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
      events.add(new Event("unflagged", new JsonObject().put("captureId", captureId)));
    }
    return events;
  }

  /** Inverse-variance weight of an observation's position, 1/m². */
  static double weight(Observation o) {
    return 1 / (o.uncertaintyM() * o.uncertaintyM());
  }
}
