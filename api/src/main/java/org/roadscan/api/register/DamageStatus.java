package org.roadscan.api.register;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a damage stands in the road department's work, and which changes are allowed:
 *
 * <pre>
 *   from        to
 *   new       → confirmed | rejected
 *   confirmed → scheduled | rejected
 *   scheduled → repaired  | confirmed   (taken off the schedule)
 *   repaired  → verified  | scheduled   (the repair failed)
 *   verified  → (none: terminal)
 *   rejected  → new                     (undo: it was a damage after all)
 * </pre>
 *
 * {@code rejected} marks a false positive of the model. Staying in the same status is not a
 * change and is refused like any transition not listed.
 *
 * <p>The one status set of the service: {@code new}, {@code confirmed} and {@code scheduled} are
 * <em>open</em> (work still to do: the repair list's default, Open311 {@code open}); {@code
 * repaired}, {@code verified} and {@code rejected} are <em>closed</em>. Immutable.
 */
public enum DamageStatus {
  NEW, CONFIRMED, SCHEDULED, REPAIRED, VERIFIED, REJECTED;

  private static final List<String> ALL = Arrays.stream(values()).map(DamageStatus::value)
      .toList();
  private static final List<String> OPEN = Arrays.stream(values()).filter(DamageStatus::isOpen)
      .map(DamageStatus::value).toList();
  private static final List<String> CLOSED = Arrays.stream(values())
      .filter(s -> !s.isOpen()).map(DamageStatus::value).toList();

  /** Whether work is still to do on a damage of this status: new, confirmed or scheduled. */
  public boolean isOpen() {
    return this == NEW || this == CONFIRMED || this == SCHEDULED;
  }

  /** Every status's value, in declaration order. */
  public static List<String> allValues() {
    return ALL;
  }

  /** The open statuses' values: {@code [new, confirmed, scheduled]}. */
  public static List<String> openValues() {
    return OPEN;
  }

  /** The closed statuses' values: {@code [repaired, verified, rejected]}. */
  public static List<String> closedValues() {
    return CLOSED;
  }

  /** The value stored in {@code damages.status} and shown in the API, e.g. {@code new}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The statuses this one may change to, in declaration order; empty when terminal. */
  public Set<DamageStatus> next() {
    return switch (this) {
      case NEW -> EnumSet.of(CONFIRMED, REJECTED);
      case CONFIRMED -> EnumSet.of(SCHEDULED, REJECTED);
      case SCHEDULED -> EnumSet.of(CONFIRMED, REPAIRED);
      case REPAIRED -> EnumSet.of(SCHEDULED, VERIFIED);
      case VERIFIED -> EnumSet.noneOf(DamageStatus.class);
      case REJECTED -> EnumSet.of(NEW);
    };
  }

  public boolean canChangeTo(DamageStatus to) {
    return next().contains(to);
  }

  /** The status of an API or database value (exact, lower case), or empty. */
  public static Optional<DamageStatus> of(String value) {
    return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst();
  }
}
