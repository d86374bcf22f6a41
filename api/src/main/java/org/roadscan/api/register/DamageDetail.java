package org.roadscan.api.register;

import java.time.Instant;
import java.util.List;

/**
 * A damage with its history, as {@code GET /v1/damages/{id}} shows it.
 *
 * @param damage the damage as the repair list shows it
 * @param possiblyRepaired true when a later capture covered its position without seeing it
 * @param possiblyRepairedSince the time of that capture, or null when not flagged
 * @param observations every observation merged into it, by capture time, ties by id
 * @param growth how its observed area changed from the first to the last observation
 */
public record DamageDetail(Damage damage, boolean possiblyRepaired, Instant possiblyRepairedSince,
    List<DamageObservation> observations, Growth growth) {
  public DamageDetail {
    observations = List.copyOf(observations);
  }
}
