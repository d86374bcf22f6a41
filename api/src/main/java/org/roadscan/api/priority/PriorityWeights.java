package org.roadscan.api.priority;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Weights of the repair-priority parts; only their ratios matter (the score divides by their sum).
 * Immutable.
 *
 * @param severity weight of the damage class's severity
 * @param size weight of the damage's size (area, or length for cracks)
 * @param growth weight of how fast it grew between surveys
 * @param road weight of the road's class and traffic
 * @param sensitive weight of the proximity to sensitive places (schools, hospitals, bike lanes)
 * @param age weight of the time since it was first seen
 */
public record PriorityWeights(double severity, double size, double growth, double road,
    double sensitive, double age) {

  /**
   * Defaults: what the damage is and how big counts most (0.35 + 0.20), where it is next (road
   * 0.20, sensitive places 0.10), then growth 0.10 and age 0.05.
   */
  public static final PriorityWeights DEFAULTS = new PriorityWeights(0.35, 0.20, 0.10, 0.20, 0.10,
      0.05);

  public PriorityWeights {
    for (double w : new double[] {severity, size, growth, road, sensitive, age}) {
      if (!(w >= 0) || !Double.isFinite(w)) {
        throw new IllegalArgumentException("weights must be finite and >= 0");
      }
    }
    if (!(severity + size + growth + road + sensitive + age > 0)) {
      throw new IllegalArgumentException("at least one weight must be > 0");
    }
  }

  /** Sum of all weights. */
  public double total() {
    return severity + size + growth + road + sensitive + age;
  }

  /**
   * Parses {@code severity=0.35,size=0.2,...}; parts not named keep their default.
   *
   * @throws IllegalArgumentException naming the part that cannot be read
   */
  public static PriorityWeights parse(String text) {
    Map<String, Double> values = new LinkedHashMap<>(asMap(DEFAULTS));
    for (String item : text.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      String[] kv = item.split("=", 2);
      String name = kv[0].strip().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || !values.containsKey(name)) {
        throw new IllegalArgumentException("expected part=weight with part one of "
            + values.keySet() + ", was '" + item.strip() + "'");
      }
      try {
        values.put(name, Double.parseDouble(kv[1].strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("weight of " + name + " is not a number: '"
            + kv[1].strip() + "'");
      }
    }
    return new PriorityWeights(values.get("severity"), values.get("size"), values.get("growth"),
        values.get("road"), values.get("sensitive"), values.get("age"));
  }

  static Map<String, Double> asMap(PriorityWeights w) {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("severity", w.severity);
    map.put("size", w.size);
    map.put("growth", w.growth);
    map.put("road", w.road);
    map.put("sensitive", w.sensitive);
    map.put("age", w.age);
    return map;
  }
}
