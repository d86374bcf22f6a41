package org.roadscan.detector.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.roadscan.detector.PixelBox;

/**
 * Merges the detections of overlapping tiles (and of a full-frame pass) in source pixels.
 *
 * <p>Plain NMS is not enough across tiles: damage crossing a tile border yields a partial box in
 * one tile and a whole (or other partial) box in the neighbour, with a low IoU between them.
 * So, besides class-aware IoU suppression, a box touching an inner tile border ("cut") is merged
 * into an overlapping box of the same class when their intersection covers at least
 * {@code iosThreshold} of the smaller box; the kept box grows to the union of both and keeps the
 * higher score. Highest score first, single greedy pass. Stateless and thread-safe.
 */
final class TileMergeOp {

  /** A candidate in source pixels and whether its box touches an inner tile border. */
  record Part(Candidate candidate, boolean cut) {
  }

  private TileMergeOp() {
  }

  /**
   * @param parts candidates of all tiles and passes, boxes in source pixels
   * @param iouThreshold suppress same-class boxes with IoU strictly above this
   * @param iosThreshold merge when a cut box overlaps by at least this share of the smaller box
   * @param maxDetections keep at most this many
   * @return merged candidates by descending score
   */
  static List<Candidate> merge(List<Part> parts, double iouThreshold, double iosThreshold,
      int maxDetections) {
    List<Part> order = new ArrayList<>(parts);
    order.sort(Comparator.comparingDouble((Part p) -> p.candidate().score()).reversed());
    List<Part> kept = new ArrayList<>();
    for (Part p : order) {
      int hit = -1;
      boolean merge = false;
      for (int i = 0; i < kept.size(); i++) {
        Part k = kept.get(i);
        if (k.candidate().classIndex() != p.candidate().classIndex()) {
          continue;
        }
        PixelBox a = k.candidate().box();
        PixelBox b = p.candidate().box();
        boolean cut = k.cut() || p.cut();
        if (cut && intersectionOverSmaller(a, b) >= iosThreshold) {
          hit = i;
          merge = true;
          break;
        }
        if (a.iou(b) > iouThreshold) {
          hit = i;
          break;
        }
      }
      if (hit < 0) {
        if (kept.size() < maxDetections) {
          kept.add(p);
        }
      } else if (merge) {
        Part k = kept.get(hit);
        PixelBox a = k.candidate().box();
        PixelBox b = p.candidate().box();
        PixelBox union = new PixelBox(Math.min(a.x0(), b.x0()), Math.min(a.y0(), b.y0()),
            Math.max(a.x1(), b.x1()), Math.max(a.y1(), b.y1()));
        kept.set(hit, new Part(new Candidate(k.candidate().classIndex(), k.candidate().score(),
            union), k.cut() && p.cut()));
      }
    }
    return kept.stream().map(Part::candidate).toList();
  }

  /** Intersection area divided by the smaller box's area; 0 for no overlap or empty boxes. */
  static double intersectionOverSmaller(PixelBox a, PixelBox b) {
    double iw = Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0());
    double ih = Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0());
    double smaller = Math.min(a.area(), b.area());
    if (iw <= 0 || ih <= 0 || smaller <= 0) {
      return 0;
    }
    return iw * ih / smaller;
  }
}
