package org.roadscan.api.gis;

import java.util.List;
import org.roadscan.api.register.Damage;

/**
 * One page of a {@link FeatureQuery}.
 *
 * @param damages by id ascending
 * @param numberMatched damages matching the query's filters on all pages
 * @param nextAfterId the cursor of the following page (the last id of this one), or null on the
 *     last page
 */
public record FeaturePage(List<Damage> damages, long numberMatched, Long nextAfterId) {
  public FeaturePage {
    damages = List.copyOf(damages);
  }
}
