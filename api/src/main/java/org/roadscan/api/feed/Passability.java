package org.roadscan.api.feed;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import org.roadscan.detector.DamageClass;
import org.roadscan.detector.Observation;

/**
 * A rough passability hint for the road a frame shows, for a crew deciding whether to send a
 * heavy vehicle that way. Without a road layer the service cannot cut a frame into road
 * stretches, so the hint is per frame (the frame's ground footprint is the "stretch"). Based on
 * potholes only (class kind {@link DamageClass.Kind#POTHOLE}: cracks do not stop a vehicle):
 *
 * <ul>
 *   <li>{@code clear}: no pothole seen;
 *   <li>{@code questionable}: {@value #QUESTIONABLE_COUNT} or more potholes, or together at least
 *       {@value #QUESTIONABLE_AREA_M2} m², or one at least {@value #QUESTIONABLE_LENGTH_M} m
 *       across (a wheel of a fire engine fits in it);
 *   <li>{@code caution}: potholes, but below those limits.
 * </ul>
 * A hint, not a judgement: the model misses damage under water or debris, and a placed pothole's
 * size is as good as the pose. Immutable.
 *
 * @param hint {@code clear}, {@code caution} or {@code questionable}
 * @param potholes potholes placed in the frame
 * @param potholeAreaM2 their summed footprint area, m²
 * @param largestPotholeM the largest pothole's longer extent, m
 */
public record Passability(String hint, int potholes, double potholeAreaM2,
    double largestPotholeM) {

  public static final int QUESTIONABLE_COUNT = 3;
  public static final double QUESTIONABLE_AREA_M2 = 1.0;
  public static final double QUESTIONABLE_LENGTH_M = 1.0;

  /** The hint for a frame's placed observations. */
  public static Passability of(List<Observation> observations) {
    int count = 0;
    double area = 0;
    double largest = 0;
    for (Observation o : observations) {
      boolean pothole = DamageClass.of(o.detection().className())
          .map(c -> c.kind() == DamageClass.Kind.POTHOLE).orElse(false);
      if (pothole) {
        count++;
        area += o.areaM2();
        largest = Math.max(largest, o.lengthM());
      }
    }
    String hint = count == 0 ? "clear"
        : count >= QUESTIONABLE_COUNT || area >= QUESTIONABLE_AREA_M2
            || largest >= QUESTIONABLE_LENGTH_M ? "questionable" : "caution";
    return new Passability(hint, count, area, largest);
  }

  public JsonObject toJson() {
    return new JsonObject().put("hint", hint).put("scope", "frame")
        .put("potholes", potholes).put("potholeAreaM2", round(potholeAreaM2))
        .put("largestPotholeM", round(largestPotholeM))
        .put("basis", String.format(Locale.ROOT, "%d pothole(s), %.2f m2 together, largest %.2f m,"
            + " in this frame's footprint (no road layer: per frame); questionable from %d"
            + " potholes, %.1f m2 or %.1f m across", potholes, potholeAreaM2, largestPotholeM,
            QUESTIONABLE_COUNT, QUESTIONABLE_AREA_M2, QUESTIONABLE_LENGTH_M));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
