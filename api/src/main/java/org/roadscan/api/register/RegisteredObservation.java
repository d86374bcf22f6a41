package org.roadscan.api.register;

/**
 * Where one observation went in the register.
 *
 * @param observationId the new observation row
 * @param damageId the damage it created or merged into
 * @param merged true when it merged into an existing damage, false when it created one
 */
public record RegisteredObservation(long observationId, long damageId, boolean merged) {
}
