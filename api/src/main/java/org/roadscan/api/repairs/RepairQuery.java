package org.roadscan.api.repairs;

import java.util.List;
import java.util.Set;
import org.roadscan.api.gis.LonLatBox;

/**
 * Which damages the repair list shows, and in which order. Immutable.
 *
 * @param statuses statuses to include (never empty)
 * @param classes classes to include, or empty for all
 * @param bbox the area, or null for everywhere
 * @param minGrade smallest condition grade to include (1.0 = all)
 * @param sort the order
 */
public record RepairQuery(List<String> statuses, List<String> classes, LonLatBox bbox,
    double minGrade, RepairSort sort) {

  /** Every status a damage can have. */
  public static final Set<String> ALL_STATUSES = Set.of("new", "confirmed", "scheduled",
      "repaired", "verified", "rejected");
  /** The default: work still to do. */
  public static final List<String> OPEN_STATUSES = List.of("new", "confirmed", "scheduled");

  /** Open damages everywhere, by priority. */
  public static final RepairQuery DEFAULT = new RepairQuery(OPEN_STATUSES, List.of(), null, 1.0,
      RepairSort.PRIORITY);

  public RepairQuery {
    statuses = List.copyOf(statuses);
    classes = List.copyOf(classes);
    if (statuses.isEmpty() || !ALL_STATUSES.containsAll(statuses)) {
      throw new IllegalArgumentException("statuses must be some of " + ALL_STATUSES);
    }
    if (sort == null) {
      throw new IllegalArgumentException("sort is required");
    }
  }
}
