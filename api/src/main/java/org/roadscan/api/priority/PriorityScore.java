package org.roadscan.api.priority;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A damage's repair priority, its condition grade and the parts both were computed from, so the
 * ranking can be explained. Immutable.
 *
 * @param score 0..100, higher is more urgent: the sum of the parts' points
 * @param baseScore {@code score} without the age part (the register adds the age part in SQL as
 *     time passes, see {@link PriorityPolicy#agePoints})
 * @param grade condition grade 1.0 (very good) .. 5.0 (very poor), see {@link ConditionGrade}
 * @param parts the parts, in a fixed order
 * @param implausible why the damage is not believed as it stands (see {@link PlausibilityCheck});
 *     empty for a plausible damage. An implausible damage keeps its score but is left out of the
 *     default repair list.
 */
public record PriorityScore(double score, double baseScore, double grade,
    List<PriorityPart> parts, List<Implausibility> implausible) {

  /** The formula, stored with the parts so a reader of the register need not read this code. */
  public static final String FORMULA = "score = 100 * sum(weight * value) / sum(weight)";

  public PriorityScore {
    parts = List.copyOf(parts);
    implausible = List.copyOf(implausible);
  }

  /** Whether the damage is believed as it stands (no {@link #implausible} reason). */
  public boolean plausible() {
    return implausible.isEmpty();
  }

  /** The part of that name. */
  public PriorityPart part(String name) {
    return parts.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** {@code {"formula", "grade": {...}, "<part>": {value, weight, points, why}, ...}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("formula", FORMULA)
        .put("grade", ConditionGrade.toJson(grade));
    for (PriorityPart part : parts) {
      json.put(part.name(), part.toJson());
    }
    return json;
  }
}
