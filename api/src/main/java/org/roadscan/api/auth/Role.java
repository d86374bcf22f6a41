package org.roadscan.api.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a caller is to the city (issue #30). {@link #ADMIN} may do everything the others may, and
 * manage tokens; the others are disjoint duties.
 */
public enum Role {
  /** A survey crew: uploads captures and surveys, sees its own surveys and jobs only. */
  CREW("crew"),
  /** The road department: reads everything, changes damage status, exports the repair list. */
  ROADDEPT("roaddept"),
  /** The fire brigade: the live feed and its incidents. */
  FIREBRIGADE("firebrigade"),
  /** Reads the register (repair list, damages, OGC API, Open311); no surveys, no positions. */
  VIEWER("viewer"),
  /** Tokens, and everything the other roles may do. */
  ADMIN("admin");

  private final String value;

  Role(String value) {
    this.value = value;
  }

  /** The name used in the API, the database, tokens and OIDC claims, e.g. {@code roaddept}. */
  public String value() {
    return value;
  }

  public static Optional<Role> of(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String wanted = value.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(role -> role.value.equals(wanted)).findFirst();
  }

  /** Every role's API name, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Role::value).toList();
  }

  @Override
  public String toString() {
    return value;
  }
}
