package org.roadscan.api.repairs;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which damages a repair list shows by the register's plausibility judgement
 * ({@link org.roadscan.api.priority.PlausibilityCheck}): the {@code plausibility} query parameter.
 */
public enum Plausibility {
  /** Only damages without a reason to doubt them: the default of the repair list. */
  PLAUSIBLE("plausible"),
  /** Only the doubted ones (too large for their class, off-road), to review them. */
  IMPLAUSIBLE("implausible"),
  /** Both: the default of the whole-register export {@code /v1/damages.geojson}. */
  ALL("all");

  private final String parameter;

  Plausibility(String parameter) {
    this.parameter = parameter;
  }

  /** The query parameter's value. */
  public String parameter() {
    return parameter;
  }

  /** The value of a parameter, or empty when it is none of them. */
  public static Optional<Plausibility> of(String parameter) {
    return Arrays.stream(values()).filter(p -> p.parameter.equals(parameter)).findFirst();
  }
}
