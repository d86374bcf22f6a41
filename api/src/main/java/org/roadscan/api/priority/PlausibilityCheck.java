package org.roadscan.api.priority;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.roadscan.detector.DamageClass;

/**
 * Decides whether a damage, as the register holds it, can be real: the product-side guard against
 * the model's confident mistakes (a drone frame of fields gave "potholes" of 18 to 586 m², which
 * the size part would otherwise rank at the top of the repair list). Nothing is deleted: an
 * implausible damage stays in the register with its {@link Implausibility reasons} and is left out
 * of the default repair list only.
 *
 * <ul>
 *   <li><b>size</b>: a projected damage (area above 0) larger than its class's limit in the
 *       damage-class catalogue ({@link DamageClass#maxAreaM2()}, {@link DamageClass#maxLengthM()}:
 *       a pothole up to 6 m² and 4 m across, cracks up to 60 m² of footprint, a longitudinal or
 *       transverse crack up to 50 m long). Damages only placed at the camera position (area 0) have
 *       no known size and are not judged on it.
 *   <li><b>offRoad</b>: only with a road layer. No road within {@value #OFF_ROAD_M} m plus twice the
 *       damage's 1-sigma position uncertainty: road layers hold centre lines, and a wide road's edge
 *       lies several metres from its line; a badly placed damage gets the benefit of the doubt.
 * </ul>
 * Immutable and thread-safe (the layer is read-only).
 */
public final class PlausibilityCheck {

  public static final double OFF_ROAD_M = 15;

  private final MapLayer roads;

  /** @param roads the road layer, or null: then no damage is judged off-road */
  public PlausibilityCheck(MapLayer roads) {
    this.roads = roads;
  }

  /** The reasons this damage is implausible, empty when it is plausible. */
  public List<Implausibility> check(DamageFacts d) {
    List<Implausibility> reasons = new ArrayList<>(2);
    DamageClass limit = DamageClass.of(d.className()).orElse(null);
    if (limit != null && d.areaM2() > 0) {
      if (d.areaM2() > limit.maxAreaM2()) {
        reasons.add(new Implausibility(Implausibility.SIZE, String.format(Locale.ROOT,
            "%.1f m² is larger than any real %s (limit %.0f m²)", d.areaM2(), limit.phrase(),
            limit.maxAreaM2())));
      } else if (d.lengthM() > limit.maxLengthM()) {
        reasons.add(new Implausibility(Implausibility.SIZE, String.format(Locale.ROOT,
            "%.1f m long is longer than any real %s (limit %.0f m)", d.lengthM(), limit.phrase(),
            limit.maxLengthM())));
      }
    }
    if (roads != null) {
      double radiusM = OFF_ROAD_M + 2 * d.uncertaintyM();
      Optional<MapLayer.Match> road = roads.nearest(d.lonDeg(), d.latDeg(), radiusM);
      if (road.isEmpty()) {
        reasons.add(new Implausibility(Implausibility.OFF_ROAD, String.format(Locale.ROOT,
            "no road of %s within %.0f m (%.0f m plus twice the position uncertainty)",
            roads.name(), radiusM, OFF_ROAD_M)));
      }
    }
    return List.copyOf(reasons);
  }
}
