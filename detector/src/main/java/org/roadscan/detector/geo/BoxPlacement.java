package org.roadscan.detector.geo;

/**
 * Where a pixel box went: on the ground, or nowhere with a reason. Exactly one of the two is set.
 *
 * @param footprint the placed box, or null
 * @param unplacedReason why the box could not be placed, or null
 */
public record BoxPlacement(GroundFootprint footprint, String unplacedReason) {

  public BoxPlacement {
    if ((footprint == null) == (unplacedReason == null)) {
      throw new IllegalArgumentException("exactly one of footprint and unplacedReason is required");
    }
  }

  static BoxPlacement placed(GroundFootprint footprint) {
    return new BoxPlacement(footprint, null);
  }

  static BoxPlacement unplaced(String reason) {
    return new BoxPlacement(null, reason);
  }

  public boolean isPlaced() {
    return footprint != null;
  }
}
