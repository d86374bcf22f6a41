package org.roadscan.api.gis;

import java.time.Instant;

/**
 * A closed time interval; a null end is open ({@code ..} in OGC API – Features). An instant is
 * an interval whose start equals its end. Read from a query by {@link
 * org.roadscan.api.http.DatetimeParameter}.
 *
 * @param start earliest instant included, or null for no lower bound
 * @param end latest instant included, or null for no upper bound
 */
public record TimeInterval(Instant start, Instant end) {

  public TimeInterval {
    if (start != null && end != null && start.isAfter(end)) {
      throw new IllegalArgumentException("the interval's start is after its end");
    }
  }
}
