package org.roadscan.api.register;

/**
 * A request to move a damage to another status.
 *
 * @param damageId the damage
 * @param expectedVersion the version the requester saw (from the ETag); always given: {@code
 *     If-Match: *} is refused (issue #30), so no change overwrites one its author never saw
 * @param to the new status
 * @param actor who asks, 1..{@value #MAX_ACTOR_CHARS} characters, not blank: the authenticated
 *     principal's name (issue #30), never a name from the request body
 * @param comment why, at most {@value #MAX_COMMENT_CHARS} characters, or null
 */
public record StatusChange(long damageId, int expectedVersion, DamageStatus to, String actor,
    String comment) {

  public static final int MAX_ACTOR_CHARS = 200;
  public static final int MAX_COMMENT_CHARS = 2000;

  public StatusChange {
    if (to == null) {
      throw new IllegalArgumentException("to is required");
    }
    if (actor == null || actor.isBlank() || actor.length() > MAX_ACTOR_CHARS) {
      throw new IllegalArgumentException("actor must be 1.." + MAX_ACTOR_CHARS + " characters");
    }
    if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
      throw new IllegalArgumentException("comment must be at most " + MAX_COMMENT_CHARS
          + " characters");
    }
  }
}
