package org.roadscan.api.jobs;

import org.locationtech.jts.geom.Polygon;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.geo.BoxPlacement;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.GeoreferenceOp;
import org.roadscan.detector.geo.PoseUncertainty;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * The ground a capture covers: its whole image frame placed on the ground by the detector's
 * {@link GeoreferenceOp} (with the job's survey context and the default pose errors), as a WGS84
 * polygon (x = lon, y = lat). The register flags damages inside it that the capture did not see.
 *
 * <p>Null, so nothing is flagged, when the capture was not projected (camera position only), when
 * its size is unknown, or when the frame cannot be placed as a whole (an oblique or vehicle
 * frame that reaches the horizon, or whose centre is too uncertain). A frame that can be placed
 * but is partly hidden (a parked car) still counts as covered; that is why a flag only says
 * <em>possibly</em> repaired. Stateless; cheap enough for the event loop, called on the
 * inference executor.
 */
public final class CaptureCoverage {

  private CaptureCoverage() {
  }

  /** The coverage polygon, or null (see the class comment). */
  public static Polygon of(CaptureAnalysis analysis, CaptureContext context) {
    if (analysis.projection() == Projection.CAMERA_POSITION) {
      return null;
    }
    CaptureMetadata metadata = analysis.metadata();
    int widthPx = metadata.imageWidthPx();
    int heightPx = metadata.imageHeightPx();
    Integer orientation = metadata.exifOrientation();
    if (orientation != null && orientation >= 5 && orientation <= 8) {
      // Boxes are in the displayed frame, which is turned by 90° for these orientations.
      widthPx = metadata.imageHeightPx();
      heightPx = metadata.imageWidthPx();
    }
    if (widthPx <= 0 || heightPx <= 0) {
      return null;
    }
    try {
      GeoreferenceOp op = GeoreferenceOp.forCapture(metadata, context, PoseUncertainty.DEFAULTS);
      if (op.projection() == Projection.CAMERA_POSITION) {
        return null;
      }
      BoxPlacement frame = op.place(new PixelBox(0, 0, widthPx, heightPx));
      return frame.isPlaced() ? frame.footprint().footprint() : null;
    } catch (CaptureException | IllegalArgumentException e) {
      return null;
    }
  }
}
