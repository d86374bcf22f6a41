package org.roadscan.api.priority;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.roadscan.detector.DamageClass;

/**
 * The repair-priority policy: a 0..100 score from six explainable parts, each 0..1, weighted by
 * {@link PriorityWeights} (defaults in brackets):
 *
 * <ul>
 *   <li><b>severity</b> [0.35] of the class, from the {@link DamageClass} catalogue: D40 pothole
 *       1.0, D20 alligator cracking 0.7, D10 transverse crack 0.5, D00 longitudinal crack 0.4, any
 *       other class 0.3.
 *   <li><b>size</b> [0.20]: the larger of the area on a log scale, {@code ln(A / 0.05) / ln(10 /
 *       0.05)} with A clamped to 0.05..10 m² (a car-park-sized "pothole" is far more likely a false
 *       positive than ten real ones), and for cracks the length, {@code min(1, length / 10 m)}.
 *       Damages only placed at the camera position (area 0) score 0 here.
 *   <li><b>growth</b> [0.10]: relative area growth per month since the first observation,
 *       {@code min(1, max(0, (A - A_first) / A_first / months) / 0.5)}: 50 % a month or more is 1.
 *       0 with one observation or less than a day between first and last.
 *   <li><b>road</b> [0.20]: from the configured road layer (GeoJSON lines; property {@code
 *       highway} or {@code class} with OSM values, optional {@code aadt} vehicles/day), the nearest
 *       road within {@value #ROAD_MATCH_M} m: the larger of its class value (primary 0.9,
 *       secondary 0.8, tertiary 0.65, cycleway 0.7, unclassified 0.5, residential 0.45,
 *       living_street 0.35, service 0.25, motorway/trunk 1.0, other 0.4) and {@code min(1,
 *       aadt / 20000)}. No layer, or no road nearby: 0.5 (unknown, middle).
 *   <li><b>sensitive</b> [0.10]: from the configured sensitive-places layer (schools, hospitals,
 *       kindergartens, bike lanes... any geometry; property {@code kind}), 1 within {@value
 *       #SENSITIVE_FULL_M} m of the nearest, falling linearly to 0 at {@value #SENSITIVE_NONE_M} m.
 *       No layer: 0.
 *   <li><b>age</b> [0.05]: time since first seen, {@code min(1, days / 365)}.
 * </ul>
 * The condition grade comes from severity and size ({@link ConditionGrade}). Immutable and
 * thread-safe (the layers are read-only).
 */
public final class PriorityPolicy {

  public static final double AREA_FLOOR_M2 = 0.05;
  public static final double AREA_CAP_M2 = 10;
  public static final double CRACK_LENGTH_FULL_M = 10;
  public static final double UNLISTED_SEVERITY = 0.3;
  public static final double GROWTH_FULL_PER_MONTH = 0.5;
  public static final double ROAD_MATCH_M = 20;
  public static final double UNKNOWN_ROAD = 0.5;
  public static final double SENSITIVE_FULL_M = 50;
  public static final double SENSITIVE_NONE_M = 300;
  public static final double AGE_FULL_DAYS = 365;

  private static final double DAYS_PER_MONTH = 30.44;

  private static final Map<String, Double> ROAD_CLASS = Map.ofEntries(
      Map.entry("motorway", 1.0), Map.entry("trunk", 1.0), Map.entry("primary", 0.9),
      Map.entry("secondary", 0.8), Map.entry("tertiary", 0.65), Map.entry("cycleway", 0.7),
      Map.entry("unclassified", 0.5), Map.entry("residential", 0.45),
      Map.entry("living_street", 0.35), Map.entry("service", 0.25));
  private static final double OTHER_ROAD_CLASS = 0.4;

  private final PriorityWeights weights;
  private final MapLayer roads;
  private final MapLayer sensitivePlaces;
  private final PlausibilityCheck plausibility;

  /** The default weights and no layers. */
  public PriorityPolicy() {
    this(PriorityWeights.DEFAULTS, null, null);
  }

  /**
   * @param roads the road layer, or null
   * @param sensitivePlaces the sensitive-places layer, or null
   */
  /** The road layer, or null when none is configured. */
  public MapLayer roads() {
    return roads;
  }

  public PriorityPolicy(PriorityWeights weights, MapLayer roads, MapLayer sensitivePlaces) {
    this.weights = weights;
    this.roads = roads;
    this.sensitivePlaces = sensitivePlaces;
    this.plausibility = new PlausibilityCheck(roads);
  }

  public PriorityWeights weights() {
    return weights;
  }

  /** Severity of a class, 0..1. */
  public static double severity(String className) {
    return DamageClass.of(className).map(DamageClass::severity).orElse(UNLISTED_SEVERITY);
  }

  /**
   * Scores a damage at time {@code now}, and judges whether it is plausible
   * ({@link PlausibilityCheck}: class size limits, and off-road with a road layer).
   */
  public PriorityScore score(DamageFacts d, Instant now) {
    double total = weights.total();
    List<PriorityPart> parts = new ArrayList<>(6);
    Optional<DamageClass> listed = DamageClass.of(d.className());
    parts.add(part("severity", severity(d.className()), weights.severity(), total,
        listed.isEmpty() ? "class " + d.className() + " is not in the severity table"
            : d.className() + " " + listed.get().phrase()));
    parts.add(sizePart(d, total));
    parts.add(growthPart(d, total));
    parts.add(roadPart(d, total));
    parts.add(sensitivePart(d, total));
    double ageDays = Math.max(0, Duration.between(d.firstSeen(), now).toHours() / 24.0);
    parts.add(part("age", Math.min(1, ageDays / AGE_FULL_DAYS), weights.age(), total,
        String.format(Locale.ROOT, "first seen %.0f days ago", ageDays)));
    double score = parts.stream().mapToDouble(PriorityPart::points).sum();
    double base = score - parts.get(5).points();
    double grade = ConditionGrade.of(parts.get(0).value(), parts.get(1).value());
    return new PriorityScore(score, base, grade, parts, plausibility.check(d));
  }

  /** Points the age part adds per unit of its value: {@code 100 · w_age / Σ w}. */
  public double agePoints() {
    return 100 * weights.age() / weights.total();
  }

  private PriorityPart sizePart(DamageFacts d, double total) {
    double clamped = Math.min(Math.max(d.areaM2(), AREA_FLOOR_M2), AREA_CAP_M2);
    double byArea = d.areaM2() <= 0 ? 0
        : Math.log(clamped / AREA_FLOOR_M2) / Math.log(AREA_CAP_M2 / AREA_FLOOR_M2);
    boolean crack = DamageClass.isCrack(d.className());
    double byLength = crack ? Math.min(1, d.lengthM() / CRACK_LENGTH_FULL_M) : 0;
    String why = d.areaM2() <= 0 ? "not projected (area unknown)"
        : byLength > byArea ? String.format(Locale.ROOT, "crack %.1f m long", d.lengthM())
        : String.format(Locale.ROOT, "%.2f m² (scored as %.2f m²)", d.areaM2(), clamped);
    return part("size", Math.max(byArea, byLength), weights.size(), total, why);
  }

  private PriorityPart growthPart(DamageFacts d, double total) {
    double months = Duration.between(d.firstSeen(), d.lastSeen()).toHours() / 24.0
        / DAYS_PER_MONTH;
    if (d.firstAreaM2() <= 0 || months < 1 / DAYS_PER_MONTH) {
      return part("growth", 0, weights.growth(), total,
          "seen once, or within a day: no growth measured");
    }
    double perMonth = (d.areaM2() - d.firstAreaM2()) / d.firstAreaM2() / months;
    double value = Math.min(1, Math.max(0, perMonth) / GROWTH_FULL_PER_MONTH);
    return part("growth", value, weights.growth(), total, String.format(Locale.ROOT,
        "%.2f m² → %.2f m² in %.1f months (%+.0f %% a month)", d.firstAreaM2(), d.areaM2(),
        months, 100 * perMonth));
  }

  private PriorityPart roadPart(DamageFacts d, double total) {
    if (roads == null) {
      return part("road", UNKNOWN_ROAD, weights.road(), total, "no road layer configured");
    }
    Optional<MapLayer.Match> match = roads.nearest(d.lonDeg(), d.latDeg(), ROAD_MATCH_M);
    if (match.isEmpty()) {
      return part("road", UNKNOWN_ROAD, weights.road(), total,
          "no road of " + roads.name() + " within " + (int) ROAD_MATCH_M + " m");
    }
    var properties = match.get().feature().properties();
    String roadClass = properties.getString("highway", properties.getString("class", "unknown"));
    double byClass = ROAD_CLASS.getOrDefault(roadClass, OTHER_ROAD_CLASS);
    Object aadtValue = properties.getValue("aadt");
    double aadt = aadtValue instanceof Number n ? n.doubleValue() : 0;
    double byTraffic = Math.min(1, Math.max(0, aadt) / 20000);
    String name = properties.getString("name");
    String why = String.format(Locale.ROOT, "%s road%s %.0f m away%s", roadClass,
        name == null ? "" : " '" + name + "'", match.get().distanceM(),
        aadt > 0 ? String.format(Locale.ROOT, ", %.0f vehicles/day", aadt) : "");
    return part("road", Math.max(byClass, byTraffic), weights.road(), total, why);
  }

  private PriorityPart sensitivePart(DamageFacts d, double total) {
    if (sensitivePlaces == null) {
      return part("sensitive", 0, weights.sensitive(), total,
          "no sensitive-places layer configured");
    }
    Optional<MapLayer.Match> match = sensitivePlaces.nearest(d.lonDeg(), d.latDeg(),
        SENSITIVE_NONE_M);
    if (match.isEmpty()) {
      return part("sensitive", 0, weights.sensitive(), total,
          "nothing of " + sensitivePlaces.name() + " within " + (int) SENSITIVE_NONE_M + " m");
    }
    double distanceM = match.get().distanceM();
    double value = distanceM <= SENSITIVE_FULL_M ? 1
        : 1 - (distanceM - SENSITIVE_FULL_M) / (SENSITIVE_NONE_M - SENSITIVE_FULL_M);
    var properties = match.get().feature().properties();
    String kind = properties.getString("kind", "sensitive place");
    String name = properties.getString("name");
    return part("sensitive", value, weights.sensitive(), total, String.format(Locale.ROOT,
        "%s%s %.0f m away", kind, name == null ? "" : " '" + name + "'", distanceM));
  }

  private static PriorityPart part(String name, double value, double weight, double total,
      String why) {
    return new PriorityPart(name, value, weight, 100 * weight * value / total, why);
  }
}
