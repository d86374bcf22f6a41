package org.roadscan.api.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An API token as listed (never its secret). Immutable.
 *
 * @param id its id ({@code token revoke ID}, {@code DELETE /v1/tokens/{id}})
 * @param name who or what holds it; the name the audit trail records
 * @param role what it may do
 * @param createdAt when it was created
 * @param createdBy the principal that created it ({@code token create} on the command line: null)
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 */
public record ApiToken(long id, String name, Role role, Instant createdAt, String createdBy,
    Instant expiresAt, Instant revokedAt) {

  /** Whether it authenticates requests at {@code now}. */
  public boolean activeAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }

  /** The JSON of {@code GET /v1/tokens}. */
  public JsonObject toJson(Instant now) {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("role", role.value())
        .put("createdAt", createdAt.toString())
        .put("createdBy", createdBy)
        .put("expiresAt", expiresAt == null ? null : expiresAt.toString())
        .put("revokedAt", revokedAt == null ? null : revokedAt.toString())
        .put("active", activeAt(now));
  }
}
