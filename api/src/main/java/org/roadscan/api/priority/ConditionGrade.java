package org.roadscan.api.priority;

import io.vertx.core.json.JsonObject;

/**
 * A condition grade on the 1.0 (very good) .. 5.0 (very poor) scale in the style of the German
 * ZEB/E EMI road condition assessment, where 3.5 is the warning value and 4.5 the threshold value
 * (action needed). <b>This is RoadScan's own mapping from one detected damage, not an official ZEB
 * grade</b> (which rates 100 m sections from measured surface characteristics):
 *
 * <pre>
 *   grade = clamp(1.5 + 3.5 · (0.65 · severity + 0.35 · size), 1.0, 5.0), rounded to 0.1
 * </pre>
 * with {@code severity} and {@code size} the 0..1 values of the priority parts. A road with a
 * detected damage is never "very good" (≥ 1.5); a 1 m² pothole comes out at 4.5 (threshold), a
 * 3 m² alligator-cracked patch at 4.0 (beyond warning), a short longitudinal crack at 2.5.
 * Stateless.
 */
public final class ConditionGrade {

  public static final double WARNING = 3.5;
  public static final double THRESHOLD = 4.5;

  private ConditionGrade() {
  }

  /** The grade of a damage with these part values (0..1 each). */
  public static double of(double severity, double size) {
    double grade = 1.5 + 3.5 * (0.65 * severity + 0.35 * size);
    return Math.round(Math.min(5.0, Math.max(1.0, grade)) * 10) / 10.0;
  }

  /** {@code below-warning}, {@code warning} (≥ 3.5) or {@code threshold} (≥ 4.5). */
  public static String band(double grade) {
    return grade >= THRESHOLD ? "threshold" : grade >= WARNING ? "warning" : "below-warning";
  }

  static JsonObject toJson(double grade) {
    return new JsonObject().put("value", grade).put("band", band(grade))
        .put("scale", "1.0 very good .. 5.0 very poor; warning 3.5, threshold 4.5 (ZEB-style,"
            + " RoadScan's own mapping)");
  }
}
