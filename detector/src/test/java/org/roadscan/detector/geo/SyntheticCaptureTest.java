package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;
import org.roadscan.detector.testing.SyntheticJpeg;

/**
 * Acceptance test of "Georeferencing that holds up": drone captures with exact ground truth.
 *
 * <p>Each case is a real 4000x3000 JPEG written by {@link SyntheticJpeg} (EXIF GPS at 7.1030 E
 * 51.4985 N, Make DJI, Model FC6310, a focal length and DJI XMP {@code RelativeAltitude}, {@code
 * GimbalPitchDegree}, {@code GimbalYawDegree}, {@code GimbalRollDegree}, plus a {@code
 * FlightYawDegree} 7° off that must be ignored), read back by {@link MetadataReader} and placed
 * by {@link GeoreferenceOp#forCapture(CaptureMetadata)}. Cases: nadir and 30°, 45°, 60° from nadir,
 * yaw in all four quadrants, heights 30 m and 120 m, gimbal roll ±3°, a wide lens and a DJI
 * calibrated lens with an off-centre principal point.
 *
 * <p>The truth comes from {@link LookAtCamera}, a camera model written independently of the
 * production code. It pins, for the image centre, points near the four corners and edge midpoints
 * (5 % inset) and the top edge: the ground point of each pixel within {@value #TOLERANCE_M} m; the
 * placement of a small box around it (or its refusal: "horizon" when a ray points less than 1°
 * below the horizon, "too far" when the documented uncertainty exceeds 25 m); and the round trip
 * ground → pixel (within {@value #PIXEL_TOLERANCE_PX} px) → ground.
 */
class SyntheticCaptureTest {

  private static final GeoPoint CAMERA = new GeoPoint(7.1030, 51.4985);
  private static final int WIDTH_PX = 4000;
  private static final int HEIGHT_PX = 3000;
  /** Largest distance between a production ground point and the truth, metres. */
  private static final double TOLERANCE_M = 0.05;
  private static final double PIXEL_TOLERANCE_PX = 0.01;
  /** Rays must point at least this far below the horizon to be placed, degrees. */
  private static final double HORIZON_MARGIN_DEG = 1.0;
  /** Half the side of the box placed around each pixel. */
  private static final double BOX_HALF_PX = 2;
  /** Service defaults for a drone (PoseUncertainty.DEFAULTS) and the placement limit. */
  private static final double GPS_ERROR_M = 5;
  private static final double HEIGHT_ERROR_M = 1;
  private static final double ANGLE_ERROR_DEG = 2;
  private static final double MAX_UNCERTAINTY_M = 25;

  /** The lens a case's file describes, and the camera it stands for. */
  enum Lens {
    /** FocalLengthIn35mmFilm 24 (and FocalLength 8.8): f = 24 / 36 × 4000 px, centred. */
    EQUIVALENT_24MM(24.0 / 36 * WIDTH_PX, WIDTH_PX / 2.0, HEIGHT_PX / 2.0, "FocalLengthIn35mmFilm"),
    /** FocalLengthIn35mmFilm 20: a wide lens, 84° across. */
    EQUIVALENT_20MM(20.0 / 36 * WIDTH_PX, WIDTH_PX / 2.0, HEIGHT_PX / 2.0, "FocalLengthIn35mmFilm"),
    /** DJI CalibratedFocalLength and CalibratedOpticalCenterX/Y, which win over the 35 mm value. */
    CALIBRATED(2900.5, 2010.25, 1489.5, "CalibratedFocalLength and CalibratedOpticalCenter");

    final double focalPx;
    final double cx;
    final double cy;
    final String source;

    Lens(double focalPx, double cx, double cy, String source) {
      this.focalPx = focalPx;
      this.cx = cx;
      this.cy = cy;
      this.source = source;
    }

    void writeTo(SyntheticJpeg.Builder jpeg) {
      jpeg.focalLengthMm(8.8).focalLength35mm(this == EQUIVALENT_20MM ? 20 : 24);
      if (this == CALIBRATED) {
        jpeg.djiXmp("CalibratedFocalLength", Double.toString(focalPx))
            .djiXmp("CalibratedOpticalCenterX", Double.toString(cx))
            .djiXmp("CalibratedOpticalCenterY", Double.toString(cy));
      }
    }
  }

  /** One synthetic drone capture. Yaw may be given outside -180..180; the file gets DJI's range. */
  record DroneCase(double heightM, double pitchDeg, double yawDeg, double rollDeg, Lens lens) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.0f m, pitch %.0f, yaw %.0f, roll %+.0f, %s", heightM,
          pitchDeg, yawDeg, rollDeg, lens);
    }

    LookAtCamera truth() {
      return new LookAtCamera(CAMERA, heightM, yawDeg, pitchDeg, rollDeg, lens.focalPx, lens.cx,
          lens.cy);
    }
  }

  /** What the production code made of a case's file. */
  private record Capture(CaptureMetadata metadata, GeoreferenceOp op) {
  }

  /** Each case's JPEG is written and read once, then shared by the tests of that case. */
  private static final Map<DroneCase, Capture> CAPTURES = new ConcurrentHashMap<>();

  static Stream<DroneCase> cases() {
    List<DroneCase> cases = new ArrayList<>();
    for (double pitchDeg : new double[] {-90, -60, -45, -30}) {
      for (double yawDeg : new double[] {30, 120, -150, 300}) {
        for (double heightM : new double[] {30, 120}) {
          cases.add(new DroneCase(heightM, pitchDeg, yawDeg, 0, Lens.EQUIVALENT_24MM));
        }
      }
    }
    cases.add(new DroneCase(120, -90, 120, 3, Lens.EQUIVALENT_24MM));
    cases.add(new DroneCase(30, -60, -150, -3, Lens.EQUIVALENT_24MM));
    cases.add(new DroneCase(120, -45, 30, 3, Lens.EQUIVALENT_24MM));
    cases.add(new DroneCase(30, -30, 300, -3, Lens.EQUIVALENT_24MM));
    cases.add(new DroneCase(30, -90, 30, 0, Lens.CALIBRATED));
    cases.add(new DroneCase(120, -45, 300, -3, Lens.CALIBRATED));
    cases.add(new DroneCase(30, -30, 120, 0, Lens.EQUIVALENT_20MM));
    cases.add(new DroneCase(120, -30, -150, 3, Lens.EQUIVALENT_20MM));
    return cases.stream();
  }

  static Stream<DroneCase> pitchMinus30Cases() {
    return cases().filter(c -> c.pitchDeg() == -30);
  }

  /**
   * Centre, points near the four corners and the edge midpoints (5 % inset), and the top edge's
   * corners and middle, which look at or above the horizon in the pitch -30 cases.
   */
  private static List<double[]> pixels() {
    double insetX = 0.05 * WIDTH_PX;
    double insetY = 0.05 * HEIGHT_PX;
    List<double[]> pixels = new ArrayList<>();
    for (double x : new double[] {insetX, WIDTH_PX / 2.0, WIDTH_PX - insetX}) {
      for (double y : new double[] {insetY, HEIGHT_PX / 2.0, HEIGHT_PX - insetY}) {
        pixels.add(new double[] {x, y});
      }
    }
    for (double x : new double[] {BOX_HALF_PX, WIDTH_PX / 2.0, WIDTH_PX - BOX_HALF_PX}) {
      pixels.add(new double[] {x, BOX_HALF_PX});
    }
    return pixels;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fileReadsBackAndChoosesTheProjection(DroneCase c) {
    Capture capture = capture(c);
    CaptureMetadata m = capture.metadata();

    assertThat(m.imageWidthPx()).isEqualTo(WIDTH_PX);
    assertThat(m.imageHeightPx()).isEqualTo(HEIGHT_PX);
    assertThat(m.relativeAltitudeM()).isEqualTo(c.heightM());
    assertThat(m.gimbalPitchDeg()).isEqualTo(c.pitchDeg());
    assertThat(m.gimbalRollDeg()).isEqualTo(c.rollDeg());
    assertThat(m.gimbalYawDeg()).isEqualTo(djiYawDeg(c.yawDeg()));
    assertThat(Geodesy.distanceM(CAMERA, new GeoPoint(m.lonDeg(), m.latDeg())))
        .isLessThan(1e-6);
    assertThat(capture.op().projection())
        .isEqualTo(c.pitchDeg() == -90 ? Projection.NADIR : Projection.OBLIQUE);
    assertThat(capture.op().basis()).contains("yaw from GimbalYawDegree").contains(c.lens().source);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyPixelSeesItsTrueGroundPoint(DroneCase c) throws Exception {
    GroundProjector projector = capture(c).op().projector().orElseThrow();
    LookAtCamera truth = c.truth();

    int projected = 0;
    for (double[] px : pixels()) {
      double u = px[0];
      double v = px[1];
      if (truth.depressionDeg(u, v) < HORIZON_MARGIN_DEG) {
        assertThatThrownBy(() -> projector.groundPoint(u, v))
            .as("pixel (%s, %s), %.2f° below the horizon", u, v, truth.depressionDeg(u, v))
            .isInstanceOfSatisfying(CaptureException.class, e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
              assertThat(e.getMessage()).contains("horizon");
            });
      } else {
        assertThat(Geodesy.distanceM(truth.groundPoint(u, v), projector.groundPoint(u, v)))
            .as("pixel (%s, %s)", u, v).isLessThan(TOLERANCE_M);
        projected++;
      }
    }
    // The 9 inset pixels always look at least 1° down, except the top row of the wide lens.
    assertThat(projected).isGreaterThanOrEqualTo(c.lens() == Lens.EQUIVALENT_20MM ? 6 : 9);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyBoxIsPlacedOnItsTrueGroundPointOrRefusedWithTheReason(DroneCase c) {
    GeoreferenceOp op = capture(c).op();
    LookAtCamera truth = c.truth();

    for (double[] px : pixels()) {
      double u = px[0];
      double v = px[1];
      PixelBox box = new PixelBox(u - BOX_HALF_PX, v - BOX_HALF_PX, u + BOX_HALF_PX,
          v + BOX_HALF_PX);
      double minDepressionDeg = Math.min(truth.depressionDeg(u, v), Math.min(
          Math.min(truth.depressionDeg(box.x0(), box.y0()), truth.depressionDeg(box.x1(), box.y0())),
          Math.min(truth.depressionDeg(box.x0(), box.y1()), truth.depressionDeg(box.x1(), box.y1()))));

      BoxPlacement placement = op.place(box);

      if (minDepressionDeg < HORIZON_MARGIN_DEG) {
        assertThat(placement.isPlaced()).as("box %s, %.2f° below the horizon", box,
            minDepressionDeg).isFalse();
        assertThat(placement.unplacedReason()).contains("horizon");
        continue;
      }
      double uncertaintyM = truth.uncertaintyM(u, v, GPS_ERROR_M, HEIGHT_ERROR_M, ANGLE_ERROR_DEG);
      if (uncertaintyM > MAX_UNCERTAINTY_M) {
        assertThat(placement.isPlaced()).as("box %s, uncertain by %.1f m", box, uncertaintyM)
            .isFalse();
        assertThat(placement.unplacedReason()).contains("too far from the camera");
        continue;
      }
      assertThat(placement.isPlaced()).as("box %s: %s", box, placement.unplacedReason()).isTrue();
      GroundFootprint f = placement.footprint();
      assertThat(Geodesy.distanceM(truth.groundPoint(u, v), new GeoPoint(f.lonDeg(), f.latDeg())))
          .as("box %s", box).isLessThan(TOLERANCE_M);
      assertThat(f.uncertaintyM()).as("box %s", box).isCloseTo(uncertaintyM, within(1e-6));
      assertThat(f.projection()).isEqualTo(op.projection());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void groundPointsRoundTripThroughTheirPixels(DroneCase c) throws Exception {
    GroundProjector projector = capture(c).op().projector().orElseThrow();
    LookAtCamera truth = c.truth();

    for (double[] px : pixels()) {
      double u = px[0];
      double v = px[1];
      if (truth.depressionDeg(u, v) < HORIZON_MARGIN_DEG) {
        continue;
      }
      GeoPoint ground = truth.groundPoint(u, v);

      ImagePoint pixel = projector.pixelOf(projector.frame().toEnu(ground)).orElseThrow();
      GeoPoint again = projector.groundPoint(pixel.xPx(), pixel.yPx());

      assertThat(pixel.xPx()).as("pixel (%s, %s)", u, v).isCloseTo(u, within(PIXEL_TOLERANCE_PX));
      assertThat(pixel.yPx()).as("pixel (%s, %s)", u, v).isCloseTo(v, within(PIXEL_TOLERANCE_PX));
      assertThat(Geodesy.distanceM(ground, again)).as("pixel (%s, %s)", u, v)
          .isLessThan(TOLERANCE_M);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pitchMinus30Cases")
  void topEdgeMiddleAtPitchMinus30LooksAboveTheMarginAndIsNotPlaced(DroneCase c) {
    LookAtCamera truth = c.truth();
    double u = WIDTH_PX / 2.0;
    // The top edge of the 24 mm lens is 0.7° below the horizon; the 20 mm lens's 5 % inset row
    // already looks above it.
    double v = c.lens() == Lens.EQUIVALENT_20MM ? 0.05 * HEIGHT_PX : BOX_HALF_PX;
    assertThat(truth.depressionDeg(u, v)).isLessThan(HORIZON_MARGIN_DEG);

    BoxPlacement placement = capture(c).op().place(
        new PixelBox(u - BOX_HALF_PX, v - BOX_HALF_PX, u + BOX_HALF_PX, v + BOX_HALF_PX));

    assertThat(placement.isPlaced()).isFalse();
    assertThat(placement.unplacedReason()).contains("horizon");
  }

  // ---- helpers ----

  private static Capture capture(DroneCase c) {
    return CAPTURES.computeIfAbsent(c, SyntheticCaptureTest::read);
  }

  private static Capture read(DroneCase c) {
    SyntheticJpeg.Builder jpeg = SyntheticJpeg.builder(WIDTH_PX, HEIGHT_PX)
        .gps(CAMERA.lonDeg(), CAMERA.latDeg())
        .gpsAltitudeM(80 + c.heightM())
        .make("DJI")
        .model("FC6310")
        .djiXmp("RelativeAltitude", signed(c.heightM()))
        .djiXmp("GimbalPitchDegree", signed(c.pitchDeg()))
        .djiXmp("GimbalYawDegree", signed(djiYawDeg(c.yawDeg())))
        .djiXmp("GimbalRollDegree", signed(c.rollDeg()))
        .djiXmp("FlightYawDegree", signed(djiYawDeg(c.yawDeg() + 7)));
    c.lens().writeTo(jpeg);
    for (double[] px : pixels()) {
      jpeg.marker(px[0], px[1]);
    }
    try {
      CaptureMetadata metadata = new MetadataReader().read(jpeg.build());
      return new Capture(metadata, GeoreferenceOp.forCapture(metadata));
    } catch (CaptureException e) {
      throw new AssertionError("case " + c + " is refused: " + e.getMessage(), e);
    }
  }

  /** A yaw in DJI's range, -180..180. */
  private static double djiYawDeg(double yawDeg) {
    double deg = yawDeg % 360;
    return deg > 180 ? deg - 360 : deg <= -180 ? deg + 360 : deg;
  }

  /** DJI's number format, with an explicit sign: "+30.00". */
  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+.2f", value);
  }
}
