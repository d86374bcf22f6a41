package org.roadscan.api.gis;

import java.time.Instant;

/**
 * Where and when the register has damages; every member null while it is empty.
 *
 * @param bbox the smallest lon/lat box holding every damage position
 * @param firstSeen the earliest capture time of any damage
 * @param lastSeen the latest capture time of any damage
 */
public record RegisterExtent(LonLatBox bbox, Instant firstSeen, Instant lastSeen) {
}
