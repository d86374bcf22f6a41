package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;

/**
 * Hand-computed cases for a 4000x3000 camera with f = 3000 px (principal point 2000, 1500): at 50
 * m straight down, 300 px off centre is 300 / 3000 × 50 = 5 m on the ground.
 */
class GroundProjectorTest {

  private static final PinholeCamera CAMERA = PinholeCamera.centred(3000, 4000, 3000);
  private static final GeoPoint CAMERA_POSITION = new GeoPoint(7.1030, 51.4985);
  /** Tolerance for hand-computed ground positions, metres. */
  private static final double TOLERANCE_M = 1e-3;

  private static GroundProjector nadir(double yawDeg) {
    return new GroundProjector(CAMERA, new CameraPose(CAMERA_POSITION.lonDeg(),
        CAMERA_POSITION.latDeg(), 50, yawDeg, -90, 0));
  }

  @Test
  void nadirPixelRightOfCentreIsFiveMetresEastAtYawZero() throws Exception {
    GroundProjector projector = nadir(0);

    EnuPoint ground = projector.groundPointEnu(2300, 1500);
    GeoPoint lonLat = projector.groundPoint(2300, 1500);

    assertThat(ground.eastM()).isCloseTo(5, within(1e-9));
    assertThat(ground.northM()).isCloseTo(0, within(1e-9));
    assertThat(Geodesy.distanceM(CAMERA_POSITION, lonLat)).isCloseTo(5, within(TOLERANCE_M));
    assertThat(Geodesy.bearingDeg(CAMERA_POSITION, lonLat)).isCloseTo(90, within(0.01));
  }

  @Test
  void yawNinetyTurnsImageRightToSouth() throws Exception {
    GeoPoint lonLat = nadir(90).groundPoint(2300, 1500);

    double[] en = Geodesy.eastNorthM(CAMERA_POSITION, lonLat);
    assertThat(en[0]).isCloseTo(0, within(TOLERANCE_M));
    assertThat(en[1]).isCloseTo(-5, within(TOLERANCE_M));
  }

  @Test
  void imageTopPointsToTheYawHeading() throws Exception {
    for (double yawDeg : new double[] {0, 30, -135, 179}) {
      GeoPoint top = nadir(yawDeg).groundPoint(2000, 1200);

      assertThat(Geodesy.distanceM(CAMERA_POSITION, top)).isCloseTo(5, within(TOLERANCE_M));
      assertThat(Geodesy.bearingDeg(CAMERA_POSITION, top)).as("yaw %s", yawDeg)
          .isCloseTo(yawDeg, within(0.01));
    }
  }

  @Test
  void principalPointLooksStraightDownAtNadir() throws Exception {
    GroundProjector projector = nadir(42);

    assertThat(projector.groundPointEnu(2000, 1500).horizontalDistanceM())
        .isCloseTo(0, within(1e-9));
    assertThat(projector.offNadirDeg(2000, 1500)).isCloseTo(0, within(1e-9));
    // 3000 px right of centre with f = 3000 px: 45° off nadir.
    assertThat(projector.offNadirDeg(5000, 1500)).isCloseTo(45, within(1e-9));
  }

  @Test
  void obliqueCameraLooksAheadAlongItsHeading() throws Exception {
    // Pitch -30: the optical axis meets the ground at 50 / tan(30°) = 86.603 m, heading 60°.
    GroundProjector projector = new GroundProjector(CAMERA, new CameraPose(
        CAMERA_POSITION.lonDeg(), CAMERA_POSITION.latDeg(), 50, 60, -30, 0));

    GeoPoint centre = projector.groundPoint(2000, 1500);

    assertThat(Geodesy.distanceM(CAMERA_POSITION, centre))
        .isCloseTo(50 / Math.tan(Math.toRadians(30)), within(TOLERANCE_M));
    assertThat(Geodesy.bearingDeg(CAMERA_POSITION, centre)).isCloseTo(60, within(0.01));
  }

  @Test
  void positiveRollTurnsImageRightSideDown() throws Exception {
    // Level camera looking north with roll 90: the image's right edge points straight down, so
    // the pixel 3000 px right of centre (45° off the axis) sees the ground 50 m ahead.
    GroundProjector projector = new GroundProjector(CAMERA, new CameraPose(
        CAMERA_POSITION.lonDeg(), CAMERA_POSITION.latDeg(), 50, 0, 0, 90));

    EnuPoint ground = projector.groundPointEnu(5000, 1500);

    assertThat(ground.eastM()).isCloseTo(0, within(1e-9));
    assertThat(ground.northM()).isCloseTo(50, within(1e-9));
  }

  @Test
  void groundToPixelToGroundRoundTripsBelowOneCentimetre() throws Exception {
    CameraPose[] poses = {
        new CameraPose(7.103, 51.4985, 50, 0, -90, 0),
        new CameraPose(7.103, 51.4985, 120, 237.5, -84, 1.5),
        new CameraPose(7.103, 51.4985, 2.5, -30, -35, -2)};
    double[][] pixels = {{0, 0}, {4000, 3000}, {1234.5, 2987.25}, {3999, 1}, {2000, 1500}};

    for (CameraPose pose : poses) {
      GroundProjector projector = new GroundProjector(CAMERA, pose);
      for (double[] px : pixels) {
        GeoPoint ground = projector.groundPoint(px[0], px[1]);
        ImagePoint pixel = projector.pixelOf(projector.frame().toEnu(ground)).orElseThrow();
        GeoPoint again = projector.groundPoint(pixel.xPx(), pixel.yPx());

        assertThat(Geodesy.distanceM(ground, again)).as("pose %s pixel %s", pose, px)
            .isLessThan(0.01);
        assertThat(pixel.xPx()).isCloseTo(px[0], within(0.01));
        assertThat(pixel.yPx()).isCloseTo(px[1], within(0.01));
      }
    }
  }

  @Test
  void pointBehindTheCameraHasNoPixel() {
    GroundProjector projector = new GroundProjector(CAMERA, new CameraPose(
        CAMERA_POSITION.lonDeg(), CAMERA_POSITION.latDeg(), 50, 0, -30, 0));

    assertThat(projector.pixelOf(new EnuPoint(0, -100, 0))).isEmpty();
  }

  @Test
  void rejectsRaysAtOrAboveTheHorizon() {
    // Level camera: the centre row is the horizon, rows above it look at the sky.
    GroundProjector level = new GroundProjector(CAMERA, new CameraPose(
        CAMERA_POSITION.lonDeg(), CAMERA_POSITION.latDeg(), 50, 0, 0, 0));

    for (double yPx : new double[] {1500, 100}) {
      assertThatThrownBy(() -> level.groundPointEnu(2000, yPx))
          .isInstanceOfSatisfying(CaptureException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
            assertThat(e.field()).isEqualTo("GimbalPitchDegree");
          });
    }
  }

  @Test
  void acceptsRaysJustBeyondTheMinimumDepression() throws Exception {
    GroundProjector level = new GroundProjector(CAMERA, new CameraPose(
        CAMERA_POSITION.lonDeg(), CAMERA_POSITION.latDeg(), 50, 0, 0, 0));
    double yPx = 1500 + 3000 * Math.tan(Math.toRadians(GroundProjector.MIN_DEPRESSION_DEG + 0.5));

    assertThat(level.groundPointEnu(2000, yPx).northM())
        .isCloseTo(50 / Math.tan(Math.toRadians(1.5)), within(1e-6));
  }

  @Test
  void constantTerrainHumpEqualsACameraThatMuchLower() throws Exception {
    Terrain hump = (eastM, northM) -> 2.0;
    double[][] pixels = {{2000, 1500}, {0, 0}, {4000, 3000}, {3100.5, 420.25}};

    for (double[] angles : new double[][] {{0, -90, 0}, {237.5, -45, 2}, {-60, -30, -3}}) {
      GroundProjector onHump = new GroundProjector(CAMERA, new CameraPose(
          CAMERA_POSITION.lonDeg(), CAMERA_POSITION.latDeg(), 50, angles[0], angles[1], angles[2]),
          hump);
      GroundProjector lower = new GroundProjector(CAMERA, new CameraPose(
          CAMERA_POSITION.lonDeg(), CAMERA_POSITION.latDeg(), 48, angles[0], angles[1], angles[2]));
      for (double[] px : pixels) {
        EnuPoint a = onHump.groundPointEnu(px[0], px[1]);
        EnuPoint b = lower.groundPointEnu(px[0], px[1]);

        assertThat(a.eastM()).as("angles %s pixel %s", angles, px)
            .isCloseTo(b.eastM(), within(1e-9));
        assertThat(a.northM()).as("angles %s pixel %s", angles, px)
            .isCloseTo(b.northM(), within(1e-9));
        assertThat(a.upM()).isEqualTo(2.0);
        assertThat(b.upM()).isZero();
      }
    }
  }

  @Test
  void gentlyTiltedTerrainIsMetOnThePixelsRay() throws Exception {
    // Ground rising 5 cm per metre northwards; camera 50 m up looking north, 30° down.
    Terrain slope = (eastM, northM) -> 0.05 * northM;
    CameraPose pose = new CameraPose(CAMERA_POSITION.lonDeg(), CAMERA_POSITION.latDeg(), 50, 0,
        -30, 0);
    GroundProjector tilted = new GroundProjector(CAMERA, pose, slope);
    GroundProjector flat = new GroundProjector(CAMERA, pose);

    // The optical axis (north, up) = t (cos 30°, -sin 30°) + (0, 50) meets up = 0.05 north at
    // t = 50 / (sin 30° + 0.05 cos 30°).
    double t = 50 / (0.5 + 0.05 * Math.cos(Math.toRadians(30)));
    EnuPoint axis = tilted.groundPointEnu(2000, 1500);
    assertThat(axis.eastM()).isCloseTo(0, within(1e-9));
    assertThat(axis.northM()).isCloseTo(t * Math.cos(Math.toRadians(30)), within(1e-3));
    assertThat(axis.upM()).isCloseTo(50 - t * 0.5, within(1e-3));

    for (double[] px : new double[][] {{2000, 1500}, {500, 2500}, {3500, 800}, {4000, 3000}}) {
      EnuPoint p = tilted.groundPointEnu(px[0], px[1]);
      EnuPoint onFlat = flat.groundPointEnu(px[0], px[1]);

      assertThat(p.upM()).as("pixel %s", px).isCloseTo(0.05 * p.northM(), within(1e-3));
      // On the ray: parallel to the ray through the same pixel to the flat ground.
      double[] u = {p.eastM(), p.northM(), p.upM() - 50};
      double[] v = {onFlat.eastM(), onFlat.northM(), -50};
      double[] cross = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2],
          u[0] * v[1] - u[1] * v[0]};
      double sine = Math.sqrt(cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2])
          / (Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2])
          * Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
      assertThat(sine).as("pixel %s", px).isLessThan(1e-9);
      assertThat(u[0] * v[0] + u[1] * v[1] + u[2] * v[2]).isPositive();
      ImagePoint back = tilted.pixelOf(p).orElseThrow();
      assertThat(back.xPx()).isCloseTo(px[0], within(1e-6));
      assertThat(back.yPx()).isCloseTo(px[1], within(1e-6));
    }
  }
}
