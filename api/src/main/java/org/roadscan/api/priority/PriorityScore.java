package org.roadscan.api.priority;

/**
 * A damage's repair priority with the parts it was computed from, so the ranking can be explained.
 *
 * @param score {@code severity * scoredAreaM2}; higher is more urgent
 * @param className the damage class scored
 * @param severity the class weight from {@link PriorityPolicy}'s table (0..1)
 * @param severityKnown false when the class is not in the table and the default weight was used
 * @param areaM2 the damage's area as registered, square metres
 * @param scoredAreaM2 {@code max(areaM2, PriorityPolicy.AREA_FLOOR_M2)}, square metres
 */
public record PriorityScore(double score, String className, double severity, boolean severityKnown,
    double areaM2, double scoredAreaM2) {

  /** The formula, stored with the parts so a reader of the register need not read this code. */
  public static final String FORMULA = "severity * min(max(areaM2, 0.05), 10)";
}
