package org.roadscan.api.auth;

import java.time.Duration;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * A token to create: {@code token create --role R --name N [--days D]} or {@code POST /v1/tokens}.
 * Validated here; the refusal names the field at fault. Immutable.
 *
 * @param name who or what will hold it, 1..{@value #MAX_NAME_CHARS} characters, no control
 *     characters (it is written into the audit trail)
 * @param role what it may do
 * @param validity how long it works, or null for no expiry
 */
public record NewToken(String name, Role role, Duration validity) {

  public static final int MAX_NAME_CHARS = 100;
  /** Longest validity given in days (ten years). */
  public static final int MAX_DAYS = 3650;

  public NewToken {
    if (name == null || name.isBlank() || name.length() > MAX_NAME_CHARS
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new ProblemException(ProblemType.INVALID_BODY, "name is required: 1.."
          + MAX_NAME_CHARS + " characters without control characters", "name");
    }
    name = name.strip();
    if (role == null) {
      throw new ProblemException(ProblemType.INVALID_BODY, "role is required: one of "
          + String.join(", ", Role.names()), "role");
    }
    if (validity != null && (validity.isNegative() || validity.isZero())) {
      throw new ProblemException(ProblemType.INVALID_BODY, "days must be 1.." + MAX_DAYS, "days");
    }
  }

  /** A token valid for {@code days} (1..{@value #MAX_DAYS}), or without expiry when null. */
  public static NewToken of(String name, String role, Integer days) {
    if (days != null && (days < 1 || days > MAX_DAYS)) {
      throw new ProblemException(ProblemType.INVALID_BODY, "days must be 1.." + MAX_DAYS
          + ", was " + days, "days");
    }
    Role parsed = role == null ? null : Role.of(role).orElseThrow(() -> new ProblemException(
        ProblemType.INVALID_BODY, "unknown role '" + role + "'; one of "
            + String.join(", ", Role.names()), "role"));
    return new NewToken(name, parsed, days == null ? null : Duration.ofDays(days));
  }
}
