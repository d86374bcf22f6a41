package org.roadscan.detector.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The result of an evaluation run, printable as JSON or as a table. Immutable.
 *
 * @param images number of images evaluated
 * @param overall pooled counts, each class's taken at its own threshold; its {@code ap50} is the
 *     mean over classes with labels
 * @param classes per class name, in synset order, each with the threshold it counts at
 */
public record EvaluationReport(int images, ClassMetrics overall,
    Map<String, ClassMetrics> classes) {

  public EvaluationReport {
    classes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(classes));
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
   * "precision", "recall", "f1", "ap50"}}}}; ratios rounded to 4 decimals. The top-level
   * {@code threshold} is {@code null} when classes have thresholds of their own (see
   * {@link #threshold()}); an undefined AP (class without labels) is {@code null}.
   */
  public String toJson() {
    StringBuilder b = new StringBuilder();
    b.append("{\"images\": ").append(images)
        .append(", \"threshold\": ").append(number(threshold()))
        .append(", \"overall\": {\"labels\": ").append(overall.labels())
        .append(", \"predictions\": ").append(overall.predictions())
        .append(", \"tp\": ").append(overall.tp())
        .append(", \"precision\": ").append(number(overall.precision()))
        .append(", \"recall\": ").append(number(overall.recall()))
        .append(", \"f1\": ").append(number(overall.f1()))
        .append(", \"ap50\": ").append(number(overall.ap50()))
        .append("}, \"classes\": {");
    boolean first = true;
    for (Map.Entry<String, ClassMetrics> e : classes.entrySet()) {
      ClassMetrics m = e.getValue();
      b.append(first ? "" : ", ").append('"').append(escape(e.getKey())).append("\": {")
          .append("\"threshold\": ").append(number(m.threshold()))
          .append(", \"labels\": ").append(m.labels())
          .append(", \"predictions\": ").append(m.predictions())
          .append(", \"tp\": ").append(m.tp())
          .append(", \"precision\": ").append(number(m.precision()))
          .append(", \"recall\": ").append(number(m.recall()))
          .append(", \"f1\": ").append(number(m.f1()))
          .append(", \"ap50\": ").append(number(m.ap50())).append('}');
      first = false;
    }
    return b.append("}}").toString();
  }

  /**
   * A fixed-width table, one row per class with the threshold it counts at, and one for all
   * classes.
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
