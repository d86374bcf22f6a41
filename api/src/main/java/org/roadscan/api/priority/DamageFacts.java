package org.roadscan.api.priority;

import java.time.Instant;

/**
 * What the priority of one damage is computed from, as the register holds it. Immutable.
 *
 * @param className model class, e.g. {@code D40}
 * @param areaM2 largest observed footprint area, square metres (0 when never projected)
 * @param lengthM largest observed length, metres (0 when never projected)
 * @param firstAreaM2 area of its first observation, square metres (the growth baseline)
 * @param firstSeen earliest capture time
 * @param lastSeen latest capture time
 * @param lonDeg WGS84 longitude, degrees east
 * @param latDeg WGS84 latitude, degrees north
 * @param uncertaintyM 1-sigma uncertainty of that position, metres (the off-road test allows for it)
 */
public record DamageFacts(String className, double areaM2, double lengthM, double firstAreaM2,
    Instant firstSeen, Instant lastSeen, double lonDeg, double latDeg, double uncertaintyM) {

  public DamageFacts {
    if (className == null || firstSeen == null || lastSeen == null) {
      throw new IllegalArgumentException("className, firstSeen and lastSeen are required");
    }
    if (!(areaM2 >= 0) || !(lengthM >= 0) || !(firstAreaM2 >= 0) || !(uncertaintyM >= 0)) {
      throw new IllegalArgumentException(
          "areaM2, lengthM, firstAreaM2 and uncertaintyM must be >= 0");
    }
  }
}
