package org.roadscan.api.repairs;

import java.util.List;
import org.roadscan.api.gis.LonLatBox;
import org.roadscan.api.gis.TimeInterval;
import org.roadscan.api.register.DamageStatus;

/**
 * Which damages the repair list shows, and in which order. Immutable.
 *
 * @param statuses statuses to include, {@link DamageStatus} values (never empty)
 * @param classes classes to include, or empty for all
 * @param bbox the area, or null for everywhere
 * @param minGrade smallest condition grade to include (1.0 = all)
 * @param sort the order
 * @param plausibility plausible damages only (the default), implausible ones only, or all
 * @param lastSeen damages last seen within this interval (ends included), or null for all
 * @param surveyId damages seen in an image of this survey ({@code surveys.id}), or null for all
 */
public record RepairQuery(List<String> statuses, List<String> classes, LonLatBox bbox,
    double minGrade, RepairSort sort, Plausibility plausibility, TimeInterval lastSeen,
    Long surveyId) {

  /** Open, plausible damages everywhere, by priority. */
  public static final RepairQuery DEFAULT = new RepairQuery(DamageStatus.openValues(), List.of(),
      null, 1.0, RepairSort.PRIORITY, Plausibility.PLAUSIBLE, null, null);

  public RepairQuery {
    statuses = List.copyOf(statuses);
    classes = List.copyOf(classes);
    if (statuses.isEmpty() || !DamageStatus.allValues().containsAll(statuses)) {
      throw new IllegalArgumentException("statuses must be some of " + DamageStatus.allValues());
    }
    if (sort == null || plausibility == null) {
      throw new IllegalArgumentException("sort and plausibility are required");
    }
  }
}
