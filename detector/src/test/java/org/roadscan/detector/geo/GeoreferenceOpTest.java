package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.Detection;
import org.roadscan.detector.Observation;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;

/**
 * Nadir cases use a 4000x3000 image with a 27 mm equivalent focal length (27 / 36 × 4000 = 3000
 * px) at 50 m, so 300 px on the image is 5 m on the ground.
 */
class GeoreferenceOpTest {

  private static final GeoPoint CAMERA = new GeoPoint(7.1030, 51.4985);
  private static final double TOLERANCE_M = 1e-3;
  /** 50 m × 2° in radians, the default angle term at 50 m. */
  private static final double ANGLE_TERM_M = 1.745329;

  private static CaptureMetadata pose(Double relativeAltitudeM, Double pitchDeg,
      Double gimbalYawDeg, Double flightYawDeg) {
    return new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), 120.0, relativeAltitudeM,
        pitchDeg, gimbalYawDeg, flightYawDeg, 8.8, 27.0, 4000, 3000, "DJI", "FC6310", null, null);
  }

  private static CaptureMetadata nadir(double yawDeg) {
    return pose(50.0, -90.0, yawDeg, null);
  }

  @Test
  void theGroundSampleOfANadirFrameIsHeightOverFocalLength() throws Exception {
    // 600 px are 10 m at 50 m (the test below): 1/60 m per pixel everywhere in a nadir frame
    assertThat(GeoreferenceOp.forCapture(nadir(0)).groundSampleM().getAsDouble())
        .isCloseTo(1.0 / 60, within(1e-9));
    assertThat(GeoreferenceOp.forCapture(nadir(137)).groundSampleM().getAsDouble())
        .isCloseTo(1.0 / 60, within(1e-9));
    // looking 45 degrees down, the centre ray is sqrt(2) longer and meets the ground obliquely
    double oblique = GeoreferenceOp.forCapture(pose(50.0, -45.0, 0.0, null)).groundSampleM()
        .getAsDouble();
    assertThat(oblique).isCloseTo(Math.sqrt(2) / 60 * Math.pow(2, 0.25), within(1e-4));
  }

  @Test
  void nadirBoxOf600By300PixelsIsTenByFiveMetres() throws Exception {
    GeoreferenceOp op = GeoreferenceOp.forCapture(nadir(0));
    PixelBox box = new PixelBox(1700, 1350, 2300, 1650);

    GroundFootprint f = op.project(box);

    assertThat(op.projection()).isEqualTo(Projection.NADIR);
    assertThat(f.projection()).isEqualTo(Projection.NADIR);
    assertThat(f.areaM2()).isCloseTo(50, within(1e-6));
    assertThat(f.lengthM()).isCloseTo(10, within(1e-6));
    assertThat(Geodesy.distanceM(CAMERA, new GeoPoint(f.lonDeg(), f.latDeg())))
        .isCloseTo(0, within(TOLERANCE_M));
    Polygon footprint = f.footprint();
    assertThat(footprint.getSRID()).isEqualTo(4326);
    assertThat(footprint.getFactory()).isSameAs(Wgs84.GEOMETRY_FACTORY);
    Coordinate[] ring = footprint.getExteriorRing().getCoordinates();
    assertThat(ring).hasSize(5);
    assertThat(ring[0]).isEqualTo(ring[4]);
    assertThat(Orientation.isCCW(ring)).isTrue();
    // x is longitude: every corner is 5 m east or west and 2.5 m north or south of the camera.
    for (Coordinate c : ring) {
      double[] en = Geodesy.eastNorthM(CAMERA, new GeoPoint(c.x, c.y));
      assertThat(Math.abs(en[0])).isCloseTo(5, within(TOLERANCE_M));
      assertThat(Math.abs(en[1])).isCloseTo(2.5, within(TOLERANCE_M));
    }
    assertThat(geodesicAreaM2(footprint)).isCloseTo(50, within(0.01));
  }

  @Test
  void boxRightOfCentreLandsEastAtYawZeroAndSouthAtYawNinety() throws Exception {
    PixelBox box = new PixelBox(2290, 1490, 2310, 1510);

    GroundFootprint yaw0 = GeoreferenceOp.forCapture(nadir(0)).project(box);
    GroundFootprint yaw90 = GeoreferenceOp.forCapture(nadir(90)).project(box);

    double[] en0 = Geodesy.eastNorthM(CAMERA, new GeoPoint(yaw0.lonDeg(), yaw0.latDeg()));
    assertThat(en0[0]).isCloseTo(5, within(TOLERANCE_M));
    assertThat(en0[1]).isCloseTo(0, within(TOLERANCE_M));
    double[] en90 = Geodesy.eastNorthM(CAMERA, new GeoPoint(yaw90.lonDeg(), yaw90.latDeg()));
    assertThat(en90[0]).isCloseTo(0, within(TOLERANCE_M));
    assertThat(en90[1]).isCloseTo(-5, within(TOLERANCE_M));
    // 20 px square at 1/60 m per px: (1/3 m)².
    assertThat(yaw90.areaM2()).isCloseTo(1.0 / 9, within(1e-9));
  }

  @Test
  void gimbalYawWinsOverFlightYawWhichIsTheFallback() throws Exception {
    PixelBox top = new PixelBox(1990, 1190, 2010, 1210);

    GroundFootprint gimbal = GeoreferenceOp.forCapture(pose(50.0, -90.0, 30.0, 120.0)).project(top);
    GroundFootprint flight = GeoreferenceOp.forCapture(pose(50.0, -90.0, null, 120.0)).project(top);

    assertThat(Geodesy.bearingDeg(CAMERA, new GeoPoint(gimbal.lonDeg(), gimbal.latDeg())))
        .isCloseTo(30, within(0.01));
    assertThat(Geodesy.bearingDeg(CAMERA, new GeoPoint(flight.lonDeg(), flight.latDeg())))
        .isCloseTo(120, within(0.01));
  }

  @Test
  void nadirUncertaintyCombinesGpsHeightAndAngleErrors() throws Exception {
    GeoreferenceOp op = GeoreferenceOp.forCapture(nadir(0));

    // Centre (θ = 0): GNSS 5 m, tilt along and across the ray 50 m × 2° each, no height or heading
    // term.
    assertThat(op.project(new PixelBox(1990, 1490, 2010, 1510)).uncertaintyM())
        .isCloseTo(Math.sqrt(25 + 2 * ANGLE_TERM_M * ANGLE_TERM_M), within(1e-5))
        .isCloseTo(5.57605, within(1e-5));
    // 3000 px right of centre is θ = 45° off nadir: height 1 m × tan 45°, along-ray tilt
    // 50 m × 2° / cos² 45°, across-ray tilt 50 m × 2° / cos 45°, heading 50 m × tan 45° × 2°.
    double cos45 = Math.sqrt(0.5);
    double along = ANGLE_TERM_M / (cos45 * cos45);
    double across = ANGLE_TERM_M / cos45;
    assertThat(op.project(new PixelBox(4990, 1490, 5010, 1510)).uncertaintyM())
        .isCloseTo(Math.sqrt(25 + 1 + along * along + across * across
            + ANGLE_TERM_M * ANGLE_TERM_M), within(1e-5));
  }

  @Test
  void uncertaintyGrowsTowardsTheHorizonAndFarBoxesAreNotPlaced() throws Exception {
    GeoreferenceOp op = GeoreferenceOp.forCapture(pose(50.0, -30.0, 0.0, null));

    double previousM = 0;
    for (double yPx = 2990; yPx >= 10; yPx -= 200) {
      BoxPlacement p = op.place(new PixelBox(1990, yPx - 10, 2010, yPx + 10));
      if (!p.isPlaced()) {
        assertThat(p.unplacedReason()).contains("too far from the camera");
        return;
      }
      assertThat(p.footprint().uncertaintyM()).isGreaterThan(previousM);
      previousM = p.footprint().uncertaintyM();
    }
    throw new AssertionError("a box 3.4° below the horizon should not be placed");
  }

  @Test
  void boxReachingAboveTheHorizonIsNotPlacedWithTheReason() throws Exception {
    // Pitch -10 with a 73.7° vertical field of view: the top rows look above the horizon.
    BoxPlacement p = GeoreferenceOp.forCapture(pose(50.0, -10.0, 0.0, null))
        .place(new PixelBox(1900, 0, 2100, 2000));

    assertThat(p.isPlaced()).isFalse();
    assertThat(p.unplacedReason()).contains("horizon");
  }

  @Test
  void rtkValuesWinOverGpsPositioningErrorAndTheDefaults() throws Exception {
    CaptureMetadata rtk = new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), null, 50.0,
        -90.0, 0.0, null, 8.8, 27.0, 4000, 3000, "DJI", "FC6310", null, 2.0, null, null, null,
        null, null, null, null, null, null, 0.03, 0.04, 0.1);

    assertThat(GeoreferenceOp.forCapture(rtk).project(new PixelBox(1990, 1490, 2010, 1510))
        .uncertaintyM()).isCloseTo(Math.sqrt(0.05 * 0.05 + 2 * ANGLE_TERM_M * ANGLE_TERM_M),
        within(1e-5));
  }

  @Test
  void reportedGpsAccuracyReplacesTheDefault() throws Exception {
    CaptureMetadata reported = new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), null, 50.0,
        -90.0, 0.0, null, 8.8, 27.0, 4000, 3000, "DJI", "FC6310", null, 2.0);

    assertThat(GeoreferenceOp.forCapture(reported).project(new PixelBox(1990, 1490, 2010, 1510))
        .uncertaintyM()).isCloseTo(Math.sqrt(4 + 2 * ANGLE_TERM_M * ANGLE_TERM_M), within(1e-5));
  }

  @Test
  void surveyProfileErrorsApplyWhereTheImageSaysNothing() throws Exception {
    SurveyProfile profile = new SurveyProfile(null, null, 0, 1.0, 0.5, 0.5);

    double uncertaintyM = GeoreferenceOp.forCapture(nadir(0), CaptureContext.of(profile),
        PoseUncertainty.DEFAULTS).project(new PixelBox(1990, 1490, 2010, 1510)).uncertaintyM();

    double angleTermM = 50 * Math.toRadians(0.5);
    assertThat(uncertaintyM).isCloseTo(Math.sqrt(1 + 2 * angleTermM * angleTermM), within(1e-5));
  }

  @Test
  void pitchWithinTenDegreesOfNadirIsNadirBeyondItOblique() throws Exception {
    assertThat(GeoreferenceOp.forCapture(pose(50.0, -80.0, 0.0, null)).projection())
        .isEqualTo(Projection.NADIR);
    assertThat(GeoreferenceOp.forCapture(pose(50.0, -79.9, 0.0, null)).projection())
        .isEqualTo(Projection.OBLIQUE);
  }

  @Test
  void surveyGroundHeightLowersTheRoadBelowTheTakeOffPoint() throws Exception {
    SurveyProfile roadBelow = new SurveyProfile(null, null, -10, null, null, null);

    GeoreferenceOp op = GeoreferenceOp.forCapture(nadir(0), CaptureContext.of(roadBelow),
        PoseUncertainty.DEFAULTS);

    // 60 m above the road instead of 50: the 600 x 300 px box covers 12 x 6 m.
    assertThat(op.project(new PixelBox(1700, 1350, 2300, 1650)).areaM2())
        .isCloseTo(72, within(1e-6));
    assertThatThrownBy(() -> GeoreferenceOp.forCapture(nadir(0),
        CaptureContext.of(new SurveyProfile(null, null, 50, null, null, null)),
        PoseUncertainty.DEFAULTS))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.field()).isEqualTo("RelativeAltitude"));
  }

  @Test
  void surveyGroundElevationMeasuresHeightFromAbsoluteAltitude() throws Exception {
    // Take-off from a 30 m roof: RelativeAltitude says 20 m, but the road (elevation 45 m) lies
    // 95 - 45 = 50 m below the camera's AbsoluteAltitude of 95 m.
    CaptureMetadata roof = new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), 94.0, 20.0,
        -90.0, 0.0, null, 8.8, 27.0, 4000, 3000, "DJI", "FC6310", null, null, 95.0, null, null,
        null);
    SurveyProfile road = new SurveyProfile(null, null, 0, null, null, null, 45.0);

    GeoreferenceOp op = GeoreferenceOp.forCapture(roof, CaptureContext.of(road),
        PoseUncertainty.DEFAULTS);

    assertThat(op.project(new PixelBox(1700, 1350, 2300, 1650)).areaM2())
        .isCloseTo(50, within(1e-6));
    assertThat(op.basis()).contains("AbsoluteAltitude minus the survey's groundElevationM");
    CaptureMetadata gpsOnly = new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), 94.0, 20.0,
        -90.0, 0.0, null, 8.8, 27.0, 4000, 3000, "DJI", "FC6310", null, null);
    assertThat(GeoreferenceOp.forCapture(gpsOnly, CaptureContext.of(road),
        PoseUncertainty.DEFAULTS).basis()).contains("GPSAltitude");
    assertThatThrownBy(() -> GeoreferenceOp.forCapture(roof,
        CaptureContext.of(new SurveyProfile(null, null, 0, null, null, null, 120.0)),
        PoseUncertainty.DEFAULTS))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.field()).isEqualTo("AbsoluteAltitude"));
  }

  @Test
  void withoutPosePlacesAtCameraWithOneMetreSquare() throws Exception {
    GeoreferenceOp op = GeoreferenceOp.forCapture(pose(null, null, null, null));
    GroundFootprint f = op.project(new PixelBox(0, 0, 4000, 3000));

    assertThat(op.projection()).as(op.basis()).isEqualTo(Projection.CAMERA_POSITION);
    assertThat(op.basis()).contains("no camera pose");
    assertThat(f.lonDeg()).isEqualTo(CAMERA.lonDeg());
    assertThat(f.latDeg()).isEqualTo(CAMERA.latDeg());
    assertThat(f.areaM2()).isZero();
    assertThat(f.lengthM()).isZero();
    assertThat(f.uncertaintyM()).isEqualTo(25);
    Coordinate[] ring = f.footprint().getExteriorRing().getCoordinates();
    assertThat(ring).hasSize(5);
    for (int i = 0; i < 4; i++) {
      assertThat(Geodesy.distanceM(new GeoPoint(ring[i].x, ring[i].y),
          new GeoPoint(ring[i + 1].x, ring[i + 1].y))).isCloseTo(1, within(TOLERANCE_M));
    }
  }

  @Test
  void dronePoseWithoutWhatPlacesItIsRefusedNamingTheTag() {
    assertRefused(pose(null, -90.0, 0.0, null), Reason.MISSING_METADATA, "RelativeAltitude");
    assertRefused(pose(50.0, -90.0, null, null), Reason.MISSING_METADATA, "GimbalYawDegree");
    assertRefused(new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), null, 50.0, -90.0, 0.0,
        null, 4.5, null, 4000, 3000, "DJI", "ZH20T", null, null),
        Reason.MISSING_METADATA, "FocalLength");
    assertRefused(new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), null, 50.0, -45.0, 0.0,
        null, null, null, 4000, 3000, "DJI", "FC6310", null, null),
        Reason.MISSING_METADATA, "FocalLength");
  }

  @Test
  void unknownCameraIsProjectedWithTheSurveyOverride() throws Exception {
    CaptureMetadata unknown = new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), null, 50.0,
        -90.0, 0.0, null, 4.5, null, 4000, 3000, "DJI", "ZH20T", null, null);

    GeoreferenceOp op = GeoreferenceOp.forCapture(unknown,
        CaptureContext.of(SurveyProfile.ofCamera(CameraOverride.ofFocalLengthPx(3000))),
        PoseUncertainty.DEFAULTS);

    assertThat(op.project(new PixelBox(1700, 1350, 2300, 1650)).areaM2())
        .isCloseTo(50, within(1e-6));
    assertThat(op.basis()).contains("survey profile");
  }

  private static void assertRefused(CaptureMetadata m, Reason reason, String field) {
    assertThatThrownBy(() -> GeoreferenceOp.forCapture(m))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
          assertThat(e.field()).isEqualTo(field);
        });
  }

  @Test
  void refusesDronePhotoAtOrBelowTakeOffHeight() {
    for (double heightM : new double[] {0, -3, Double.NaN}) {
      assertThatThrownBy(() -> GeoreferenceOp.forCapture(pose(heightM, -45.0, 0.0, null)))
          .isInstanceOfSatisfying(CaptureException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
            assertThat(e.field()).isEqualTo("RelativeAltitude");
          });
    }
  }

  @Test
  void refusesPitchAboveTheHorizon() {
    for (double pitchDeg : new double[] {0.5, 30, Double.NaN}) {
      assertThatThrownBy(() -> GeoreferenceOp.forCapture(pose(50.0, pitchDeg, 0.0, null)))
          .isInstanceOfSatisfying(CaptureException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
            assertThat(e.field()).isEqualTo("GimbalPitchDegree");
          });
    }
  }

  @Test
  void aNadirFrameCoversTheGroundAroundTheCamera() throws Exception {
    Polygon coverage = GeoreferenceOp.forCapture(nadir(0)).coverage().orElseThrow();

    assertThat(coverage.contains(coverage.getFactory().createPoint(
        new Coordinate(CAMERA.lonDeg(), CAMERA.latDeg())))).isTrue();
    // 300 px are 5 m: the 4000 x 3000 px frame covers 66.7 m x 50 m.
    assertThat(geodesicAreaM2(coverage)).isCloseTo(4000 / 60.0 * 3000 / 60.0, within(0.01));
  }

  @Test
  void aFrameStoredSidewaysCoversTheSameGround() throws Exception {
    CaptureMetadata sideways = new CaptureMetadata(CAMERA.lonDeg(), CAMERA.latDeg(), 120.0, 50.0,
        -90.0, 0.0, null, 8.8, 27.0, 4000, 3000, "DJI", "FC6310", null, null, null, null, null, 6);

    Polygon upright = GeoreferenceOp.forCapture(nadir(0)).coverage().orElseThrow();
    Polygon turned = GeoreferenceOp.forCapture(sideways).coverage().orElseThrow();

    assertThat(geodesicAreaM2(turned)).isCloseTo(geodesicAreaM2(upright), within(0.01));
    assertThat(turned.getEnvelopeInternal().getMinX())
        .isCloseTo(upright.getEnvelopeInternal().getMinX(), within(1e-9));
    assertThat(turned.getEnvelopeInternal().getMaxY())
        .isCloseTo(upright.getEnvelopeInternal().getMaxY(), within(1e-9));
  }

  @Test
  void noCoverageForACameraPositionOrAFrameReachingTheHorizon() throws Exception {
    assertThat(GeoreferenceOp.forCapture(pose(null, null, null, null)).coverage()).isEmpty();
    assertThat(GeoreferenceOp.forCapture(pose(50.0, -10.0, 0.0, null)).coverage()).isEmpty();
  }

  @Test
  void footprintBecomesAnObservation() throws Exception {
    Detection pothole = new Detection("D40", 3, 0.8, new PixelBox(1700, 1350, 2300, 1650));

    Observation o = GeoreferenceOp.forCapture(nadir(0)).project(pothole.box())
        .toObservation(pothole);

    assertThat(o.detection()).isEqualTo(pothole);
    assertThat(o.areaM2()).isCloseTo(50, within(1e-6));
    assertThat(o.projection()).isEqualTo(Projection.NADIR);
  }

  @Test
  void realCaliterraFrameProjectsToItsGroundCoverage() throws Exception {
    CaptureMetadata m = new MetadataReader().read(fixture("caliterra_IMG_9355_djixmp_small.jpg"));
    GeoreferenceOp op = GeoreferenceOp.forCapture(m);

    GroundFootprint whole = op.project(new PixelBox(0, 0, 400, 300));

    assertThat(op.projection()).isEqualTo(Projection.NADIR);
    // Canon SX260 HS, 4.5 mm; its FocalPlaneXResolution (645.41 px/mm at ExifImageWidth 4000 px)
    // makes the sensor 6.198 mm wide, so at 60.1 m the frame is 6.198 / 4.5 × 60.1 = 82.77 m
    // wide and three quarters of that high (the file is a 400 px copy: scale cancels out).
    assertThat(op.basis()).contains("FocalPlaneXResolution");
    double sensorWidthMm = 4000 / m.focalPlaneXResolutionPxPerMm();
    assertThat(sensorWidthMm).isCloseTo(6.198, within(0.001));
    double widthM = sensorWidthMm / 4.5 * 60.1;
    assertThat(whole.areaM2()).isCloseTo(widthM * widthM * 0.75, within(0.01));
    GeoPoint camera = new GeoPoint(m.lonDeg(), m.latDeg());
    assertThat(Geodesy.distanceM(camera, new GeoPoint(whole.lonDeg(), whole.latDeg())))
        .isCloseTo(0, within(TOLERANCE_M));
    // The top edge's middle lies half the frame height ahead along GimbalYawDegree 12.3.
    GeoPoint topMiddle = op.projector().orElseThrow().groundPoint(200, 0);
    assertThat(Geodesy.bearingDeg(camera, topMiddle)).isCloseTo(12.3, within(0.01));
    assertThat(Geodesy.distanceM(camera, topMiddle)).isCloseTo(widthM * 0.375, within(TOLERANCE_M));
  }

  @Test
  void realStreetPhotoIsPlacedAtTheCamera() throws Exception {
    CaptureMetadata m = new MetadataReader().read(fixture("berlin_01_small.jpg"));

    GroundFootprint f = GeoreferenceOp.forCapture(m).project(new PixelBox(100, 200, 150, 240));

    assertThat(f.projection()).isEqualTo(Projection.CAMERA_POSITION);
    assertThat(f.lonDeg()).isEqualTo(m.lonDeg());
    assertThat(f.latDeg()).isEqualTo(m.latDeg());
  }

  private static double geodesicAreaM2(Polygon polygon) {
    PolygonArea area = new PolygonArea(Geodesic.WGS84, false);
    Coordinate[] ring = polygon.getExteriorRing().getCoordinates();
    for (int i = 0; i < ring.length - 1; i++) {
      area.AddPoint(ring[i].y, ring[i].x);
    }
    return Math.abs(area.Compute().area);
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = GeoreferenceOpTest.class.getResourceAsStream("/metadata/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
