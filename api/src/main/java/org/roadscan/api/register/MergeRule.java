package org.roadscan.api.register;

/**
 * When an observation is the same physical damage as one already in the register.
 *
 * <p>An observation of class {@code c} at position {@code p} (uncertainty {@code σo} metres)
 * merges into the nearest damage {@code d} of the same class {@code c} for which
 *
 * <pre>
 *   distance(p, d) ≤ max(σo, radius(d), 1 m)
 *   radius(d) = min(max(σd, sqrt(areaM2(d) / π)), 10 m)
 * </pre>
 *
 * where {@code distance} is the great-circle distance in metres ({@code earth_distance} on the
 * sphere of the earthdistance extension), {@code σd} is the 1-sigma uncertainty of the damage's
 * merged position and {@code sqrt(area / π)} the radius of a disc of the damage's area, so a large
 * crack seen off-centre in a second photo still merges. The 1 m floor absorbs the jitter of
 * precise positions; the 10 m cap stops a vague damage from swallowing its street. With no such
 * damage the observation creates a new one. Ties go to the lower damage id.
 *
 * <p>A merge updates the damage: position = inverse-variance weighted mean of the observation
 * positions (weights 1/σ², averaged in degrees, which is exact enough over metres and away from
 * the antimeridian); σd = 1/sqrt(Σ 1/σ²); area = the largest observed area and footprint = that
 * observation's footprint (a later, partial view must not shrink a damage); first/last seen = the
 * earliest/latest capture time; observation count + 1; version + 1; priority recomputed; and a
 * {@code merged} event. Observations of the same photo merge with each other by the same rule.
 *
 * <p>Concurrency: the register transaction takes {@code pg_advisory_xact_lock(LOCK_NAMESPACE,
 * hashtext(class))} for each class it touches, in sorted order (no deadlocks), before searching, so
 * two workers registering the same damage at once cannot both create it. Different classes
 * proceed in parallel.
 */
public final class MergeRule {

  /** Floor of the merge radius, metres. */
  public static final double MIN_RADIUS_M = 1.0;
  /** Cap on the radius a damage contributes from its own uncertainty and size, metres. */
  public static final double MAX_DAMAGE_RADIUS_M = 10.0;
  /** First key of the two-key advisory lock taken per class. */
  public static final int LOCK_NAMESPACE = 0x52534447;

  private MergeRule() {
  }

  /** The search radius for an observation of uncertainty {@code uncertaintyM}, metres. */
  public static double searchRadiusM(double uncertaintyM) {
    return Math.max(Math.max(uncertaintyM, MAX_DAMAGE_RADIUS_M), MIN_RADIUS_M);
  }
}
