package org.roadscan.detector.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of an evaluation run, printable as JSON or as a table. Immutable.
 *
 * @param images number of images evaluated
 * @param overall pooled counts, each class's taken at its own threshold; its {@code ap50} is the
 *     mean over classes with labels
 * @param classes per class name, in synset order, each with the threshold it counts at
 * @param groups per {@link ClassGroup}, its members scored as one class (each member's
 *     predictions at that member's threshold; the group's threshold is {@code NaN} when they
 *     differ); not part of {@code overall}
 */
public record EvaluationReport(int images, ClassMetrics overall,
    Map<String, ClassMetrics> classes, Map<ClassGroup, ClassMetrics> groups) {

  public EvaluationReport {
    classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  /**
   * The confidence threshold of precision, recall and F1 when all classes share one (always so
   * with an explicit override), {@code NaN} when the classes have thresholds of their own.
   */
  public double threshold() {
    return overall.threshold();
  }

  /**
   * JSON: {@code {"images", "threshold", "overall": {"labels", "predictions", "tp", "precision",
   * "recall", "f1", "ap50"}, "classes": {"D40": {"threshold", "labels", "predictions", "tp",
   * "precision", "recall", "f1", "ap50"}}, "groups": {"crack": {"classes": ["D00", "D10",
   * "D20"], "threshold", "labels", ...}}}}; ratios rounded to 4 decimals. The top-level
   * {@code threshold} is {@code null} when classes have thresholds of their own (see
   * {@link #threshold()}); an undefined AP (class without labels) is {@code null}.
   */
  public String toJson() {
    StringBuilder b = new StringBuilder();
    b.append("{\"images\": ").append(images)
        .append(", \"threshold\": ").append(number(threshold()))
        .append(", \"overall\": {");
    // the overall threshold is the top-level one
    metricsJson(b, overall, false);
    b.append(", \"classes\": {");
    boolean first = true;
    for (Map.Entry<String, ClassMetrics> e : classes.entrySet()) {
      b.append(first ? "" : ", ").append('"').append(escape(e.getKey())).append("\": {");
      metricsJson(b, e.getValue(), true);
      first = false;
    }
    b.append("}, \"groups\": {");
    first = true;
    for (Map.Entry<ClassGroup, ClassMetrics> e : groups.entrySet()) {
      b.append(first ? "" : ", ").append('"').append(escape(e.getKey().name()))
          .append("\": {\"classes\": [");
      List<String> members = e.getKey().members();
      for (int i = 0; i < members.size(); i++) {
        b.append(i == 0 ? "\"" : ", \"").append(escape(members.get(i))).append('"');
      }
      b.append("], ");
      metricsJson(b, e.getValue(), true);
      first = false;
    }
    return b.append("}}").toString();
  }

  /** One metrics object's members and its closing brace. */
  private static void metricsJson(StringBuilder b, ClassMetrics m, boolean withThreshold) {
    if (withThreshold) {
      b.append("\"threshold\": ").append(number(m.threshold())).append(", ");
    }
    b.append("\"labels\": ").append(m.labels())
        .append(", \"predictions\": ").append(m.predictions())
        .append(", \"tp\": ").append(m.tp())
        .append(", \"precision\": ").append(number(m.precision()))
        .append(", \"recall\": ").append(number(m.recall()))
        .append(", \"f1\": ").append(number(m.f1()))
        .append(", \"ap50\": ").append(number(m.ap50())).append('}');
  }

  /**
   * A fixed-width table, one row per class with the threshold it counts at, one for all classes,
   * then one per group with a line saying which classes it joins.
   */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    double common = threshold();
    b.append(String.format(Locale.ROOT, "%d images, %s, match IoU >= 0.5%n", images,
        Double.isNaN(common) ? "each class at its own threshold" : "threshold " + number(common)));
    String head = "%-8s %9s %7s %7s %7s %9s %7s %7s %7s%n";
    b.append(String.format(Locale.ROOT, head, "class", "threshold", "labels", "preds", "tp",
        "precision", "recall", "f1", "ap50"));
    classes.forEach((name, m) -> b.append(row(name, m)));
    b.append(row("all", overall));
    groups.forEach((g, m) -> b.append(row(g.name(), m)));
    groups.keySet().forEach(g -> b.append(String.format(Locale.ROOT,
        "%s: %s scored as one class (a prediction of any matches a label of any)%n", g.name(),
        String.join(", ", g.members()))));
    return b.toString();
  }

  private static String row(String name, ClassMetrics m) {
    return String.format(Locale.ROOT, "%-8s %9s %7d %7d %7d %9.4f %7.4f %7.4f %7s%n", name,
        orDash(m.threshold()), m.labels(), m.predictions(), m.tp(), m.precision(), m.recall(),
        m.f1(), orDash(m.ap50()));
  }

  private static String orDash(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    double r = Math.round(v * 10_000) / 10_000.0;
    return r == Math.rint(r) && Math.abs(r) < 1e15 ? Long.toString((long) r) + ".0"
        : Double.toString(r);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
