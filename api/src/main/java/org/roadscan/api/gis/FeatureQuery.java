package org.roadscan.api.gis;

/**
 * A page of damages in id order, as OGC API – Features items are served.
 *
 * @param bbox damages whose position lies inside (edges included), or null for all
 * @param seen damages whose [first seen, last seen] intersects this interval, or null for all
 * @param afterId only damages with a larger id (the keyset cursor); 0 for the first page
 * @param limit damages per page, at least 1
 */
public record FeatureQuery(LonLatBox bbox, TimeInterval seen, long afterId, int limit) {

  public FeatureQuery {
    if (afterId < 0) {
      throw new IllegalArgumentException("afterId must be >= 0");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
  }
}
