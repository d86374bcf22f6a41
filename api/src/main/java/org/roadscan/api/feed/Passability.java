package org.roadscan.api.feed;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.roadscan.api.priority.MapLayer;
import org.roadscan.detector.DamageClass;
import org.roadscan.detector.Observation;

/**
 * A rough passability hint for the road a frame shows, for a crew deciding whether to send a
 * heavy vehicle that way: one for the whole frame (its ground footprint), and, when a road layer
 * is configured ({@code ROADSCAN_ROAD_LAYER}), one per road with potholes in the frame ({@link
 * #byRoad}: each pothole goes to the nearest road within {@value #ROAD_MATCH_M} m plus twice its
 * position uncertainty, as the plausibility check matches roads; potholes near no road count
 * only for the frame). Based on potholes only (class kind {@link DamageClass.Kind#POTHOLE}: cracks do not stop a vehicle):
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
  /** Distance from a pothole to the road it is counted for, plus twice its uncertainty, m. */
  public static final double ROAD_MATCH_M = 15;

  /**
   * The hint for one road of the road layer.
   *
   * @param name the road's {@code name} property, or null
   * @param highway its {@code highway} (or {@code class}) property, or null
   */
  public record Stretch(String name, String highway, Passability passability) {

    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("highway", highway)
          .put("hint", passability.hint()).put("potholes", passability.potholes())
          .put("potholeAreaM2", round(passability.potholeAreaM2()))
          .put("largestPotholeM", round(passability.largestPotholeM()));
    }
  }

  /**
   * One hint per road of {@code roads} that has potholes among the observations, worst first;
   * empty without a road layer.
   */
  public static List<Stretch> byRoad(List<Observation> observations, MapLayer roads) {
    if (roads == null) {
      return List.of();
    }
    Map<MapLayer.Feature, List<Observation>> onRoad = new LinkedHashMap<>();
    for (Observation o : observations) {
      if (!isPothole(o)) {
        continue;
      }
      roads.nearest(o.lonDeg(), o.latDeg(), ROAD_MATCH_M + 2 * o.uncertaintyM())
          .ifPresent(m -> onRoad.computeIfAbsent(m.feature(), f -> new ArrayList<>()).add(o));
    }
    List<Stretch> stretches = new ArrayList<>();
    onRoad.forEach((road, potholes) -> {
      JsonObject p = road.properties();
      stretches.add(new Stretch(p.getString("name"),
          p.getString("highway", p.getString("class")), of(potholes)));
    });
    stretches.sort(Comparator.comparingInt((Stretch st) -> rank(st.passability().hint()))
        .reversed());
    return stretches;
  }

  private static int rank(String hint) {
    return switch (hint) {
      case "questionable" -> 2;
      case "caution" -> 1;
      default -> 0;
    };
  }

  private static boolean isPothole(Observation o) {
    return DamageClass.of(o.detection().className())
        .map(c -> c.kind() == DamageClass.Kind.POTHOLE).orElse(false);
  }

  /** The hint for a frame's placed observations. */
  public static Passability of(List<Observation> observations) {
    int count = 0;
    double area = 0;
    double largest = 0;
    for (Observation o : observations) {
      if (isPothole(o)) {
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

  /** The frame's hint without a road layer. */
  public JsonObject toJson() {
    return toJson(null, List.of());
  }

  /**
   * The frame's hint and, with a road layer ({@code roads} not null), the hint of each road with
   * potholes in the frame ({@code stretches}, worst first).
   */
  public JsonObject toJson(MapLayer roads, List<Stretch> stretches) {
    JsonObject json = new JsonObject().put("hint", hint).put("scope", "frame")
        .put("potholes", potholes).put("potholeAreaM2", round(potholeAreaM2))
        .put("largestPotholeM", round(largestPotholeM))
        .put("basis", String.format(Locale.ROOT, "%d pothole(s), %.2f m2 together, largest %.2f m,"
            + " in this frame's footprint (%s); questionable from %d potholes, %.1f m2 or %.1f m"
            + " across", potholes, potholeAreaM2, largestPotholeM,
            roads == null ? "no road layer: per frame"
                : "per road of " + roads.name() + " in stretches, each pothole counted for the"
                    + " nearest road within " + (int) ROAD_MATCH_M + " m plus twice its"
                    + " uncertainty",
            QUESTIONABLE_COUNT, QUESTIONABLE_AREA_M2, QUESTIONABLE_LENGTH_M));
    if (roads != null) {
      JsonArray items = new JsonArray();
      stretches.forEach(st -> items.add(st.toJson()));
      json.put("stretches", items);
    }
    return json;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
