package org.roadscan.detector.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Class-aware greedy non-maximum suppression: highest score first, a candidate is dropped when
 * its IoU with an already kept candidate <em>of the same class</em> is strictly above the
 * threshold. Boxes of different classes never suppress each other (a pothole inside an alligator
 * crack area is two findings). Equivalent to the Python reference's per-class NMS followed by a
 * global sort. Stateless and thread-safe.
 */
public final class Nms {

  private Nms() {
  }

  /**
   * Applies NMS.
   *
   * @param candidates any order, boxes all in the same pixel frame
   * @param iouThreshold suppress when IoU is strictly above this, 0..1
   * @param maxDetections keep at most this many (highest scores)
   * @return the kept candidates by descending score (stable for equal scores)
   */
  public static List<Candidate> apply(List<Candidate> candidates, double iouThreshold,
      int maxDetections) {
    List<Candidate> order = new ArrayList<>(candidates);
    order.sort(Comparator.comparingDouble(Candidate::score).reversed());
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : order) {
      if (kept.size() >= maxDetections) {
        break;
      }
      boolean suppressed = false;
      for (Candidate k : kept) {
        if (k.classIndex() == c.classIndex() && k.box().iou(c.box()) > iouThreshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(c);
      }
    }
    return kept;
  }
}
