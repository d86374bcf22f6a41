package org.roadscan.detector.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression over regions of one kind, highest score first. */
final class RegionNms {

  private RegionNms() {
  }

  static List<PrivacyRegion> apply(List<PrivacyRegion> regions, double iouThreshold) {
    List<PrivacyRegion> sorted = new ArrayList<>(regions);
    sorted.sort(Comparator.comparingDouble(PrivacyRegion::score).reversed());
    List<PrivacyRegion> kept = new ArrayList<>();
    for (PrivacyRegion r : sorted) {
      boolean suppressed = false;
      for (PrivacyRegion k : kept) {
        if (k.box().iou(r.box()) > iouThreshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(r);
      }
    }
    return kept;
  }
}
