package org.roadscan.api.repairs;

import java.util.List;
import java.util.Map;
import org.roadscan.api.register.Damage;
import org.roadscan.api.register.DamageJson;

/**
 * One page of the repair list.
 *
 * @param damages in the query's order (its sort key descending, then id descending)
 * @param next where the following page starts, or null on the last page
 * @param imageObservations by damage id, the observation whose picture shows the damage best (the
 *     most confident, the latest capture on ties); empty when not asked for, and without the
 *     damages that have no observation
 */
public record RepairPage(List<Damage> damages, RepairCursor next,
    Map<Long, Long> imageObservations) {
  public RepairPage {
    damages = List.copyOf(damages);
    imageObservations = Map.copyOf(imageObservations);
  }

  /** The URL of the picture of {@code damage}, or null when it has none here. */
  public String imageOf(Damage damage) {
    Long observationId = imageObservations.get(damage.id());
    return observationId == null ? null
        : DamageJson.observationImage(observationId);
  }
}
