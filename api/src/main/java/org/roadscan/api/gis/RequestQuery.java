package org.roadscan.api.gis;

import java.util.List;
import org.roadscan.api.register.DamageStatus;

/**
 * Damages as Open311 service requests: newest first by first seen, then id.
 *
 * @param classes only these classes, or empty for all
 * @param closed true: only closed statuses ({@link DamageStatus#closedValues()}); false: only
 *     the others; null: both
 * @param firstSeen damages first seen within this interval, or null for all
 * @param limit at most this many, at least 1
 */
public record RequestQuery(List<String> classes, Boolean closed, TimeInterval firstSeen,
    int limit) {

  public RequestQuery {
    classes = List.copyOf(classes);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
  }
}
