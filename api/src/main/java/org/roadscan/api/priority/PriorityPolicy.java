package org.roadscan.api.priority;

import java.util.Map;

/**
 * First repair-priority policy: {@code score = severity(class) * clamp(areaM2, 0.05 m², 10 m²)}.
 *
 * <table>
 *   <caption>Severity by RDD2022 class</caption>
 *   <tr><th>class</th><th>damage</th><th>severity</th></tr>
 *   <tr><td>D40</td><td>pothole</td><td>1.0</td></tr>
 *   <tr><td>D20</td><td>alligator (fatigue) cracking</td><td>0.7</td></tr>
 *   <tr><td>D10</td><td>transverse crack</td><td>0.5</td></tr>
 *   <tr><td>D00</td><td>longitudinal crack</td><td>0.4</td></tr>
 *   <tr><td>other</td><td>any class the model adds later</td><td>0.3</td></tr>
 * </table>
 *
 * <p>The area floor of 0.05 m² (about a 22 cm square) keeps observations that could only be placed
 * at the camera position (area 0) in the ranking, ordered by severity. The cap of 10 m² keeps one
 * implausibly large footprint (a pothole the size of a car park is far more likely a false
 * positive, or area damage a person should assess) from outranking every real pothole; the
 * unclamped area stays in the parts. Stateless, thread-safe.
 */
public final class PriorityPolicy {

  public static final double AREA_FLOOR_M2 = 0.05;
  public static final double AREA_CAP_M2 = 10;
  public static final double UNLISTED_SEVERITY = 0.3;

  private static final Map<String, Double> SEVERITY = Map.of(
      "D40", 1.0,
      "D20", 0.7,
      "D10", 0.5,
      "D00", 0.4);

  /** Scores a damage of {@code className} covering {@code areaM2} square metres (>= 0). */
  public PriorityScore score(String className, double areaM2) {
    if (!(areaM2 >= 0)) {
      throw new IllegalArgumentException("areaM2 must be >= 0: " + areaM2);
    }
    Double listed = SEVERITY.get(className);
    double severity = listed != null ? listed : UNLISTED_SEVERITY;
    double scoredAreaM2 = Math.min(Math.max(areaM2, AREA_FLOOR_M2), AREA_CAP_M2);
    return new PriorityScore(severity * scoredAreaM2, className, severity, listed != null, areaM2,
        scoredAreaM2);
  }
}
