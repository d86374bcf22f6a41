package org.roadscan.api.register;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Reads the body of {@code PATCH /v1/damages/{id}}: a JSON object with the members {@code
 * status} (required, one of {@link DamageStatus}'s values) and {@code comment} (optional, at most
 * {@value StatusChange#MAX_COMMENT_CHARS} characters). Who makes the change is the authenticated
 * principal (issue #30): an {@code actor} member is refused, so nobody records a change under
 * another's name. Every refusal is a 400 {@code invalid-body} problem naming the member at fault
 * ({@code body} when the JSON itself is malformed). Stateless.
 */
final class StatusPatchJson {

  static final String STATUS = "status";
  static final String ACTOR = "actor";
  static final String COMMENT = "comment";
  private static final Set<String> MEMBERS = Set.of(STATUS, COMMENT);

  private StatusPatchJson() {
  }

  /**
   * @param expectedVersion from {@code If-Match}
   * @param actor the authenticated principal's name
   * @throws ProblemException 400 naming the member at fault
   */
  static StatusChange parse(long damageId, int expectedVersion, Buffer body, String actor) {
    JsonObject json;
    try {
      json = body == null || body.length() == 0 ? null : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    if (json == null) {
      throw invalid("the body must be a JSON object {\"status\", \"comment\"}", "body");
    }
    if (json.containsKey(ACTOR)) {
      throw invalid("actor is not accepted: the change is recorded under the name of the token"
          + " (or sign-in) that sends it", ACTOR);
    }
    for (String member : json.fieldNames()) {
      if (!MEMBERS.contains(member)) {
        throw invalid("unknown member '" + member + "'; only status and comment can be sent",
            member);
      }
    }
    String statusText = text(json, STATUS);
    if (statusText == null) {
      throw invalid("status is required: one of " + values(), STATUS);
    }
    DamageStatus status = DamageStatus.of(statusText).orElseThrow(() -> invalid(
        "unknown status '" + statusText + "'; one of " + values(), STATUS));
    String recorded = actor.length() > StatusChange.MAX_ACTOR_CHARS
        ? actor.substring(0, StatusChange.MAX_ACTOR_CHARS) : actor;
    String comment = text(json, COMMENT);
    if (comment != null && comment.length() > StatusChange.MAX_COMMENT_CHARS) {
      throw invalid("comment has " + comment.length() + " characters; at most "
          + StatusChange.MAX_COMMENT_CHARS, COMMENT);
    }
    return new StatusChange(damageId, expectedVersion, status, recorded, comment);
  }

  /** The member as a string, null when absent or JSON null; 400 when of another type. */
  private static String text(JsonObject json, String member) {
    Object value = json.getValue(member);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw invalid(member + " must be a string", member);
  }

  private static String values() {
    return Arrays.stream(DamageStatus.values()).map(DamageStatus::value)
        .collect(Collectors.joining(", "));
  }

  private static ProblemException invalid(String detail, String field) {
    return new ProblemException(ProblemType.INVALID_BODY, detail, field);
  }

  /** The allowed target statuses as API values, for problem bodies. */
  static List<String> valuesOf(Set<DamageStatus> statuses) {
    return statuses.stream().sorted().map(DamageStatus::value).toList();
  }
}
