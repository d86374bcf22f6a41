package org.roadscan.api.repairs;

import java.util.List;
import org.roadscan.api.register.Damage;

/**
 * One page of the repair list.
 *
 * @param damages by priority score descending, then id descending
 * @param next where the following page starts, or null on the last page
 */
public record RepairPage(List<Damage> damages, RepairCursor next) {
  public RepairPage {
    damages = List.copyOf(damages);
  }
}
