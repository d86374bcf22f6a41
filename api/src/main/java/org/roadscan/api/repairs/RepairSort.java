package org.roadscan.api.repairs;

import java.util.Locale;

/** Orders of the repair list; each descending, ties broken by damage id descending. */
public enum RepairSort {
  /** Highest priority score first (the default). */
  PRIORITY("priority", "priority_score"),
  /** Worst condition grade first. */
  GRADE("grade", "grade"),
  /** Most recently seen first. */
  LAST_SEEN("lastSeen", "last_seen");

  private final String parameter;
  private final String column;

  RepairSort(String parameter, String column) {
    this.parameter = parameter;
    this.column = column;
  }

  /** The value of the {@code sort} query parameter. */
  public String parameter() {
    return parameter;
  }

  String column() {
    return column;
  }

  /** The sort named by a {@code sort} parameter value, or null when there is none. */
  public static RepairSort of(String parameter) {
    for (RepairSort sort : values()) {
      if (sort.parameter.toLowerCase(Locale.ROOT).equals(parameter.toLowerCase(Locale.ROOT))) {
        return sort;
      }
    }
    return null;
  }
}
