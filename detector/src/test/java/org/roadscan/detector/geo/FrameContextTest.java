package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.CaptureCheck;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.Observation.Projection;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;

/**
 * A video frame's capture context: a JPEG without any tags, whose pose comes from the telemetry,
 * projects pixels where the independent {@link LookAtCamera} says.
 */
class FrameContextTest {

  private static final GeoPoint CAMERA = new GeoPoint(11.576124, 48.137154);
  private static final int WIDTH_PX = 640;
  private static final int HEIGHT_PX = 360;
  /** 24 mm (35 mm equivalent) across the 640 px long side. */
  private static final double FOCAL_PX = 24 / 36.0 * WIDTH_PX;
  private static final double TOLERANCE_M = 0.05;
  private static final double[][] PIXELS = {{320, 180}, {20, 20}, {620, 20}, {20, 340},
      {620, 340}, {100, 250}};

  private final MetadataReader reader = new MetadataReader();

  private static FrameTelemetry drone(Double pitchDeg, Double yawDeg) {
    return new FrameTelemetry(CAMERA.lonDeg(), CAMERA.latDeg(),
        Instant.parse("2023-04-07T11:25:41.123Z"), 40.0, 545.3, pitchDeg, yawDeg, 0.0, null, 24.0,
        null);
  }

  @Test
  void anObliqueDroneFrameProjectsAsTheIndependentCameraSays() throws Exception {
    CaptureContext context = CaptureContext.ofFrame(SurveyProfile.NONE, drone(-60.0, 30.0), null);

    CaptureMetadata metadata = reader.read(jpeg(), context);
    GeoreferenceOp op = GeoreferenceOp.forCapture(metadata, context, PoseUncertainty.DEFAULTS);

    assertThat(metadata.imageWidthPx()).isEqualTo(WIDTH_PX);
    assertThat(metadata.imageHeightPx()).isEqualTo(HEIGHT_PX);
    assertThat(metadata.takenAt()).isEqualTo(Instant.parse("2023-04-07T11:25:41.123Z"));
    assertThat(op.projection()).isEqualTo(Projection.OBLIQUE);
    assertThat(op.basis()).contains("RelativeAltitude").contains("FocalLengthIn35mmFilm");
    LookAtCamera truth = new LookAtCamera(CAMERA, 40, 30, -60, 0, FOCAL_PX, WIDTH_PX / 2.0,
        HEIGHT_PX / 2.0);
    GroundProjector projector = op.projector().orElseThrow();
    for (double[] px : PIXELS) {
      assertThat(Geodesy.distanceM(truth.groundPoint(px[0], px[1]),
          projector.groundPoint(px[0], px[1]))).as("pixel %s,%s", px[0], px[1])
          .isLessThan(TOLERANCE_M);
    }
    // A nadir frame at 40 m: the ground sample drives scale-aware tiling as for a photo.
    CaptureContext nadir = CaptureContext.ofFrame(SurveyProfile.NONE, drone(-90.0, 30.0), null);
    GeoreferenceOp nadirOp = GeoreferenceOp.forCapture(reader.read(jpeg(), nadir), nadir,
        PoseUncertainty.DEFAULTS);
    assertThat(nadirOp.groundSampleM().orElseThrow()).isCloseTo(40 / FOCAL_PX,
        org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void theProfilesCameraWinsOverTheTelemetrysFocalLength() throws Exception {
    SurveyProfile profile = SurveyProfile.ofCamera(CameraOverride.ofFocalLengthPx(500));
    CaptureContext context = CaptureContext.ofFrame(profile, drone(-90.0, 0.0), null);

    GeoreferenceOp op = GeoreferenceOp.forCapture(reader.read(jpeg(), context), context,
        PoseUncertainty.DEFAULTS);

    assertThat(op.projector().orElseThrow().camera().focalLengthPx()).isEqualTo(500);
    assertThat(op.basis()).contains("survey profile");
  }

  @Test
  void aVehicleFrameUsesTheMountAndTheTrackHeading() throws Exception {
    SurveyProfile profile = SurveyProfile.ofMount(new VehicleMount(1.6, -25, 0, 0));
    FrameTelemetry telemetry = new FrameTelemetry(CAMERA.lonDeg(), CAMERA.latDeg(), null, null,
        520.0, null, null, null, 80.0, 24.0, null);
    CaptureContext context = CaptureContext.ofFrame(profile, telemetry, 80.0);

    GeoreferenceOp op = GeoreferenceOp.forCapture(reader.read(jpeg(), context), context,
        PoseUncertainty.DEFAULTS);

    assertThat(op.projection()).isEqualTo(Projection.VEHICLE);
    assertThat(op.basis()).contains("driving direction");
    LookAtCamera truth = new LookAtCamera(CAMERA, 1.6, 80, -25, 0, FOCAL_PX, WIDTH_PX / 2.0,
        HEIGHT_PX / 2.0);
    for (double[] px : new double[][] {{320, 300}, {40, 340}, {600, 340}}) {
      assertThat(Geodesy.distanceM(truth.groundPoint(px[0], px[1]),
          op.projector().orElseThrow().groundPoint(px[0], px[1]))).isLessThan(TOLERANCE_M);
    }
  }

  @Test
  void theCheckReadsTheFrameThroughTheSamePathAndRefusesWhatAnalyseWould() throws Exception {
    CaptureCheck check = new CaptureCheck();
    CaptureContext aboveHorizon = CaptureContext.ofFrame(SurveyProfile.NONE, drone(10.0, 0.0),
        null);

    assertThat(check.check(jpeg(), CaptureContext.ofFrame(SurveyProfile.NONE,
        drone(-90.0, 0.0), null)).relativeAltitudeM()).isEqualTo(40.0);
    assertThatThrownBy(() -> check.check(jpeg(), aboveHorizon))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo("GimbalPitchDegree");
        });
    assertThatThrownBy(() -> check.check(new byte[] {1, 2, 3}, aboveHorizon))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE));
  }

  /** A plain JPEG as the video sampler writes it: no EXIF, no XMP. */
  private static byte[] jpeg() {
    BufferedImage image = new BufferedImage(WIDTH_PX, HEIGHT_PX, BufferedImage.TYPE_3BYTE_BGR);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
