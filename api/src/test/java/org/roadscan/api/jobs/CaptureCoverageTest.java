package org.roadscan.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.metadata.CaptureMetadata;

/** The whole frame of a capture placed on the ground ({@link CaptureCoverage}). */
class CaptureCoverageTest {

  private static final double LON = TestCaptures.ORIGIN_LON_DEG;
  private static final double LAT = TestCaptures.ORIGIN_LAT_DEG;

  /** A DJI FC6310 (8.8 mm, 4000 x 3000 px) at 50 m with the gimbal pitched {@code pitchDeg}. */
  private static CaptureMetadata drone(double pitchDeg, int widthPx, int heightPx,
      Integer orientation) {
    return new CaptureMetadata(LON, LAT, 120.0, 50.0, pitchDeg, 0.0, null, 8.8, 27.0, widthPx,
        heightPx, "DJI", "FC6310", null, null, null, null, null, orientation);
  }

  private static CaptureAnalysis analysis(CaptureMetadata metadata, Projection projection) {
    return new CaptureAnalysis(metadata, List.of(), List.of(), projection, "test");
  }

  /** Area of a small WGS84 polygon, square metres (local metres per degree on a sphere). */
  private static double areaM2(Polygon polygon) {
    double metresPerDegLat = 6_371_000 * Math.PI / 180;
    return polygon.getArea() * metresPerDegLat * metresPerDegLat * Math.cos(Math.toRadians(LAT));
  }

  @Test
  void aNadirFrameCoversTheGroundAroundTheCamera() {
    Polygon coverage = CaptureCoverage.of(analysis(drone(-90, 4000, 3000, null),
        Projection.NADIR), CaptureContext.NONE);

    assertThat(coverage).isNotNull();
    assertThat(coverage.contains(coverage.getFactory().createPoint(
        new Coordinate(LON, LAT)))).isTrue();
    // 600 px are 10 m at 50 m with this camera (detector's GeoreferenceOpTest): 66.7 m x 50 m.
    assertThat(areaM2(coverage)).isCloseTo(4000 / 60.0 * 3000 / 60.0, within(60.0));
  }

  @Test
  void aFrameStoredSidewaysIsPlacedWithWidthAndHeightSwapped() {
    Polygon upright = CaptureCoverage.of(analysis(drone(-90, 4000, 3000, 1), Projection.NADIR),
        CaptureContext.NONE);
    Polygon sideways = CaptureCoverage.of(analysis(drone(-90, 4000, 3000, 6), Projection.NADIR),
        CaptureContext.NONE);

    assertThat(sideways).isNotNull();
    assertThat(areaM2(sideways)).isCloseTo(areaM2(upright), within(areaM2(upright) * 1e-6));
    assertThat(sideways.getEnvelopeInternal()).isEqualTo(upright.getEnvelopeInternal());
  }

  @Test
  void noCoverageForACameraPositionOrAFrameReachingTheHorizon() {
    assertThat(CaptureCoverage.of(analysis(drone(-90, 4000, 3000, null),
        Projection.CAMERA_POSITION), CaptureContext.NONE)).isNull();
    assertThat(CaptureCoverage.of(analysis(drone(-10, 4000, 3000, null), Projection.OBLIQUE),
        CaptureContext.NONE)).isNull();
    assertThat(CaptureCoverage.of(analysis(TestCaptures.metadata(LON, LAT, null),
        Projection.NADIR), CaptureContext.NONE)).as("no pose: camera position").isNull();
  }
}
