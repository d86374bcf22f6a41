package org.roadscan.detector;

import java.util.List;
import org.locationtech.jts.geom.Polygon;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * The result of analysing one capture.
 *
 * @param metadata what the file says about the capture
 * @param observations the detections placed on the ground
 * @param unplaced detections that could not be placed, with the reason
 * @param projection how this capture's boxes were placed
 * @param basis why that projection, and which tags it used, for people
 * @param coverage the ground the whole frame covers (WGS84 polygon, lon/lat), or null when the
 *     frame could not be placed as a whole (see {@link
 *     org.roadscan.detector.geo.GeoreferenceOp#coverage()})
 */
public record CaptureAnalysis(CaptureMetadata metadata, List<Observation> observations,
    List<UnplacedDetection> unplaced, Projection projection, String basis, Polygon coverage) {

  public CaptureAnalysis {
    observations = List.copyOf(observations);
    unplaced = List.copyOf(unplaced);
    if (projection == null || basis == null) {
      throw new IllegalArgumentException("projection and basis are required");
    }
  }

  /** An analysis without known coverage. */
  public CaptureAnalysis(CaptureMetadata metadata, List<Observation> observations,
      List<UnplacedDetection> unplaced, Projection projection, String basis) {
    this(metadata, observations, unplaced, projection, basis, null);
  }

  /** An analysis whose detections were all placed, projection taken from the first (or camera). */
  public CaptureAnalysis(CaptureMetadata metadata, List<Observation> observations) {
    this(metadata, observations, List.of(), observations.isEmpty() ? Projection.CAMERA_POSITION
        : observations.get(0).projection(), "given");
  }
}
