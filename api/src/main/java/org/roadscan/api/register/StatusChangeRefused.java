package org.roadscan.api.register;

import java.util.Set;

/**
 * Why a {@link StatusChange} was not made. Carries what the HTTP layer needs to say so; no stack
 * trace, since this answers a client's request.
 */
public final class StatusChangeRefused extends RuntimeException {

  /** The kinds of refusal. */
  public enum Reason {
    /** No damage with that id. */
    NOT_FOUND,
    /** The damage changed since the requester saw it (another version). */
    STALE_VERSION,
    /** The transition is not in {@link DamageStatus}'s table. */
    INVALID_TRANSITION
  }

  private final Reason reason;
  private final transient DamageStatus from;
  private final transient DamageStatus to;
  private final Integer currentVersion;

  public StatusChangeRefused(Reason reason, String message, DamageStatus from, DamageStatus to,
      Integer currentVersion) {
    super(message, null, false, false);
    this.reason = reason;
    this.from = from;
    this.to = to;
    this.currentVersion = currentVersion;
  }

  public Reason reason() {
    return reason;
  }

  /** The damage's current status, or null when not found. */
  public DamageStatus from() {
    return from;
  }

  public DamageStatus to() {
    return to;
  }

  /** The statuses the damage may change to now; empty when not found. */
  public Set<DamageStatus> allowed() {
    return from == null ? Set.of() : from.next();
  }

  /** The damage's current version when known, else null. */
  public Integer currentVersion() {
    return currentVersion;
  }
}
