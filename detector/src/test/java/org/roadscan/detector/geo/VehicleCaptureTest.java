package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;
import org.roadscan.detector.testing.SyntheticJpeg;

/**
 * Acceptance test of "Georeferencing that holds up" for vehicle captures: a real 1024x768
 * phone/dashcam JPEG (FocalLengthIn35mmFilm 28, so f = 28 / 36 × 1024 px; GPS; no DJI tags)
 * placed with a {@link VehicleMount} survey profile, against the independent {@link LookAtCamera}.
 *
 * <p>Pins: the heading source (GPSImgDirection, else the track heading plus the mount's {@code
 * yawOffsetDeg}, else the camera position); and EXIF Orientation: the mount's angles and the
 * detector's boxes refer to the displayed image, so a photo stored sideways or upside down lands
 * where the same photo stored upright does ({@link ExifOrientation#storedRollOffsetDeg} and
 * {@link ExifOrientation#toStored}); mirrored orientations are refused.
 */
class VehicleCaptureTest {

  private static final GeoPoint CAMERA = new GeoPoint(7.1030, 51.4985);
  /** Displayed size; the stored size swaps the axes for EXIF Orientation 5..8. */
  private static final int WIDTH_PX = 1024;
  private static final int HEIGHT_PX = 768;
  private static final double FOCAL_PX = 28.0 / 36 * WIDTH_PX;
  private static final double TOLERANCE_M = 0.05;
  private static final double HEIGHT_M = 1.4;
  private static final double PITCH_DEG = -12;
  private static final PixelBox BOTTOM_CENTRE = new PixelBox(502, 740, 522, 760);

  private static SyntheticJpeg.Builder phone(int storedWidthPx, int storedHeightPx) {
    return SyntheticJpeg.builder(storedWidthPx, storedHeightPx)
        .gps(CAMERA.lonDeg(), CAMERA.latDeg())
        .make("Google")
        .model("Pixel 7")
        .focalLengthMm(6.81)
        .focalLength35mm(28);
  }

  private static LookAtCamera truth(double yawDeg, double rollDeg) {
    return new LookAtCamera(CAMERA, HEIGHT_M, yawDeg, PITCH_DEG, rollDeg, FOCAL_PX,
        WIDTH_PX / 2.0, HEIGHT_PX / 2.0);
  }

  private static GeoreferenceOp op(byte[] jpeg, CaptureContext context) throws CaptureException {
    CaptureMetadata m = new MetadataReader().read(jpeg);
    return GeoreferenceOp.forCapture(m, context, PoseUncertainty.DEFAULTS);
  }

  private static CaptureContext mount(double rollDeg, double yawOffsetDeg, Double trackHeadingDeg) {
    return new CaptureContext(SurveyProfile.ofMount(
        new VehicleMount(HEIGHT_M, PITCH_DEG, rollDeg, yawOffsetDeg)), trackHeadingDeg);
  }

  @Test
  void imgDirectionHeadsTheCameraAndTheBottomCentreLandsOnTheRoadAhead() throws Exception {
    byte[] jpeg = phone(WIDTH_PX, HEIGHT_PX).gpsImgDirectionDeg(75)
        .marker(BOTTOM_CENTRE.centerX(), BOTTOM_CENTRE.centerY()).build();
    LookAtCamera truth = truth(75, 0);

    GeoreferenceOp op = op(jpeg, mount(0, 0, null));
    GeoPoint ground = op.projector().orElseThrow()
        .groundPoint(BOTTOM_CENTRE.centerX(), BOTTOM_CENTRE.centerY());
    BoxPlacement placement = op.place(BOTTOM_CENTRE);

    assertThat(op.projection()).isEqualTo(Projection.VEHICLE);
    assertThat(op.basis()).contains("heading from GPSImgDirection")
        .contains("FocalLengthIn35mmFilm");
    GeoPoint expected = truth.groundPoint(BOTTOM_CENTRE.centerX(), BOTTOM_CENTRE.centerY());
    // 25° below the optical axis, 37° below the horizon: 1.8 m ahead of the camera.
    assertThat(Geodesy.distanceM(CAMERA, expected)).isBetween(1.5, 2.5);
    assertThat(Geodesy.distanceM(expected, ground)).isLessThan(TOLERANCE_M);
    assertThat(placement.isPlaced()).as(placement.unplacedReason()).isTrue();
    assertThat(placement.footprint().projection()).isEqualTo(Projection.VEHICLE);
    assertThat(Geodesy.distanceM(expected, centre(placement.footprint())))
        .isLessThan(TOLERANCE_M);
  }

  @Test
  void imgDirectionWinsOverTheTrackHeading() throws Exception {
    byte[] jpeg = phone(WIDTH_PX, HEIGHT_PX).gpsImgDirectionDeg(75).build();

    GeoreferenceOp op = op(jpeg, mount(0, 180, 80.0));

    assertThat(op.basis()).contains("GPSImgDirection");
    assertThat(Geodesy.distanceM(
        truth(75, 0).groundPoint(BOTTOM_CENTRE.centerX(), BOTTOM_CENTRE.centerY()),
        centre(op.place(BOTTOM_CENTRE).footprint()))).isLessThan(TOLERANCE_M);
  }

  @Test
  void rearCameraWithoutImgDirectionHeadsAlongTheTrackPlusTheYawOffset() throws Exception {
    byte[] jpeg = phone(WIDTH_PX, HEIGHT_PX).build();

    GeoreferenceOp op = op(jpeg, mount(0, 180, 80.0));

    assertThat(op.projection()).isEqualTo(Projection.VEHICLE);
    assertThat(op.basis()).contains("driving direction").contains("yawOffsetDeg");
    // Driving at 80°, the rear camera looks at 260°.
    LookAtCamera truth = truth(260, 0);
    for (PixelBox box : List.of(BOTTOM_CENTRE, new PixelBox(40, 700, 60, 720),
        new PixelBox(964, 700, 984, 720), new PixelBox(502, 374, 522, 394))) {
      GeoPoint expected = truth.groundPoint(box.centerX(), box.centerY());
      assertThat(Geodesy.distanceM(expected, op.projector().orElseThrow()
          .groundPoint(box.centerX(), box.centerY()))).as("box %s", box).isLessThan(TOLERANCE_M);
      assertThat(Geodesy.distanceM(expected, centre(op.place(box).footprint())))
          .as("box %s", box).isLessThan(TOLERANCE_M);
    }
  }

  @Test
  void withoutAnyHeadingTheBoxIsPlacedAtTheCamera() throws Exception {
    byte[] jpeg = phone(WIDTH_PX, HEIGHT_PX).build();

    GeoreferenceOp op = op(jpeg, mount(0, 0, null));
    GroundFootprint f = op.place(BOTTOM_CENTRE).footprint();

    assertThat(op.projection()).isEqualTo(Projection.CAMERA_POSITION);
    assertThat(op.basis()).contains("heading");
    assertThat(op.projector()).isEmpty();
    assertThat(f.projection()).isEqualTo(Projection.CAMERA_POSITION);
    assertThat(Geodesy.distanceM(CAMERA, centre(f))).isLessThan(1e-6);
    assertThat(f.uncertaintyM()).isEqualTo(GeoreferenceOp.CAMERA_POSITION_UNCERTAINTY_M);
  }

  @Test
  void topOfAForwardCameraLooksAboveTheHorizonAndIsNotPlaced() throws Exception {
    byte[] jpeg = phone(WIDTH_PX, HEIGHT_PX).gpsImgDirectionDeg(75).build();
    PixelBox sky = new PixelBox(502, 10, 522, 30);
    assertThat(truth(75, 0).depressionDeg(sky.centerX(), sky.y0())).isLessThan(1);

    BoxPlacement placement = op(jpeg, mount(0, 0, null)).place(sky);

    assertThat(placement.isPlaced()).isFalse();
    assertThat(placement.unplacedReason()).contains("horizon");
  }

  /**
   * The same displayed scene stored four ways: Orientation 1 and 3 stored 1024x768, 6 and 8
   * stored 768x1024. The mount (1.4 m, pitch -12, roll 2°) and the boxes are in the displayed
   * frame, so every displayed box must land on the same true ground point and its footprint's
   * corners on the true corners.
   */
  @ParameterizedTest(name = "EXIF Orientation {0}")
  @ValueSource(ints = {1, 3, 6, 8})
  void displayedBoxesLandOnTheTruthWhateverTheStoredOrientation(int orientation) throws Exception {
    boolean swapped = orientation >= 5;
    List<PixelBox> boxes = List.of(BOTTOM_CENTRE, new PixelBox(60, 650, 140, 690),
        new PixelBox(880, 600, 1000, 700), new PixelBox(480, 380, 560, 400),
        new PixelBox(300, 720, 310, 767));
    byte[] jpeg = phone(swapped ? HEIGHT_PX : WIDTH_PX, swapped ? WIDTH_PX : HEIGHT_PX)
        .orientation(orientation).gpsImgDirectionDeg(75).build();
    LookAtCamera truth = truth(75, 2);

    GeoreferenceOp op = op(jpeg, mount(2, 0, null));

    assertThat(op.projection()).isEqualTo(Projection.VEHICLE);
    for (PixelBox box : boxes) {
      BoxPlacement placement = op.place(box);
      assertThat(placement.isPlaced()).as("box %s: %s", box, placement.unplacedReason()).isTrue();
      GroundFootprint f = placement.footprint();
      assertThat(Geodesy.distanceM(truth.groundPoint(box.centerX(), box.centerY()), centre(f)))
          .as("centre of box %s", box).isLessThan(TOLERANCE_M);
      List<GeoPoint> trueCorners = List.of(truth.groundPoint(box.x0(), box.y0()),
          truth.groundPoint(box.x1(), box.y0()), truth.groundPoint(box.x1(), box.y1()),
          truth.groundPoint(box.x0(), box.y1()));
      for (GeoPoint corner : ring(f)) {
        assertThat(trueCorners).as("corner %s of box %s", corner, box)
            .anySatisfy(t -> assertThat(Geodesy.distanceM(t, corner)).isLessThan(TOLERANCE_M));
      }
    }
  }

  @ParameterizedTest(name = "EXIF Orientation {0}")
  @ValueSource(ints = {2, 4, 5, 7})
  void mirroredPhotoWithAVehicleMountIsRefused(int orientation) throws Exception {
    byte[] jpeg = phone(orientation >= 5 ? HEIGHT_PX : WIDTH_PX,
        orientation >= 5 ? WIDTH_PX : HEIGHT_PX).orientation(orientation).gpsImgDirectionDeg(75)
        .build();
    CaptureMetadata m = new MetadataReader().read(jpeg);

    assertThatThrownBy(() -> GeoreferenceOp.forCapture(m, mount(0, 0, null),
        PoseUncertainty.DEFAULTS))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo("Orientation");
        });
  }

  private static GeoPoint centre(GroundFootprint f) {
    return new GeoPoint(f.lonDeg(), f.latDeg());
  }

  /** The four distinct corners of a footprint's exterior ring. */
  private static List<GeoPoint> ring(GroundFootprint f) {
    Coordinate[] coordinates = f.footprint().getExteriorRing().getCoordinates();
    List<GeoPoint> corners = new ArrayList<>();
    for (int i = 0; i < coordinates.length - 1; i++) {
      corners.add(new GeoPoint(coordinates[i].x, coordinates[i].y));
    }
    assertThat(corners).hasSize(4);
    return corners;
  }
}
