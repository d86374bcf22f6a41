package org.roadscan.api.register;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One entry of a damage's audit trail.
 *
 * @param id event id
 * @param at when it happened (the time of the transaction that wrote it)
 * @param kind {@code created}, {@code merged}, {@code status}, {@code flagged} or {@code
 *     unflagged}
 * @param actor who made the change, for status changes; null for the service's own events
 * @param detail what changed: observation and capture ids, class change, {@code from}/{@code
 *     to}/{@code comment} of a status change
 */
public record DamageEvent(long id, Instant at, String kind, String actor, JsonObject detail) {
}
