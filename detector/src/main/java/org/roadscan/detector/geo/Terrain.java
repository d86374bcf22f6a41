package org.roadscan.detector.geo;

/**
 * The ground's shape near a camera: its height, metres, above the flat reference plane of a {@link
 * GroundProjector} ({@code up = 0} of its frame, the plane the camera's height is measured from) at
 * a point of that frame. The seam for a digital elevation model: today every capture uses {@link
 * #FLAT}, and a constant survey ground height is folded into the camera's height instead.
 *
 * <p>Implementations must be thread-safe and smooth enough for a fixed-point iteration to converge
 * (slopes well under the ray's slope).
 */
@FunctionalInterface
public interface Terrain {

  /** Flat ground at the reference plane. */
  Terrain FLAT = (eastM, northM) -> 0;

  /**
   * @param eastM metres east of the point below the camera
   * @param northM metres north of the point below the camera
   * @return the ground's height above the reference plane, metres
   */
  double heightM(double eastM, double northM);
}
