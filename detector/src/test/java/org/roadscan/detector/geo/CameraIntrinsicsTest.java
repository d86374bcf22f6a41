package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;
import org.roadscan.detector.testing.SyntheticJpeg;

/**
 * Pins {@link CameraIntrinsics#of}: which source wins (survey override, DJI calibration, EXIF
 * FocalLength × FocalPlaneXResolution when plausible, FocalLengthIn35mmFilm, the sensor table,
 * nothing) and the values each gives, including the scaling of calibration values for a file
 * resized after capture (ExifImageWidth) and the refusal of a principal point outside the image.
 *
 * <p>Phantom 4 Pro numbers: 5472x3648 px, 8.8 mm on a 13.2 mm wide sensor, so 3648 px focal
 * length and 5472 / 13.2 = 414.545 px/mm.
 */
class CameraIntrinsicsTest {

  private static final double PX_PER_MM = 5472 / 13.2;

  /** Canonical constructor, with the fields this class reads; a nadir drone pose otherwise. */
  private static CaptureMetadata metadata(int widthPx, int heightPx, String model, Double focalMm,
      Double focal35Mm, Double focalPlanePxPerMm, Integer exifImageWidthPx,
      Double calibratedFocalPx, Double calibratedCxPx, Double calibratedCyPx) {
    return new CaptureMetadata(7.1030, 51.4985, null, 50.0, -90.0, 0.0, null, focalMm, focal35Mm,
        widthPx, heightPx, "DJI", model, null, null, null, null, null, null, focalPlanePxPerMm,
        exifImageWidthPx, calibratedFocalPx, calibratedCxPx, calibratedCyPx, null, null, null);
  }

  /** A file that carries every source: calibration 3666.67 px, focal plane, 35 mm 28, table. */
  private static CaptureMetadata everySource() {
    return metadata(5472, 3648, "FC6310", 8.8, 28.0, PX_PER_MM, 5472, 3666.67, 2736.0, 1824.0);
  }

  private static CameraIntrinsics of(CaptureMetadata m) throws CaptureException {
    return CameraIntrinsics.of(m, null).orElseThrow();
  }

  // ---- 1. survey override ----

  @Test
  void surveyFocalLengthInPixelsWinsOverEveryFileSource() throws Exception {
    CameraIntrinsics i = CameraIntrinsics.of(everySource(), CameraOverride.ofFocalLengthPx(3000))
        .orElseThrow();

    assertThat(i.source()).isEqualTo("survey profile");
    assertThat(i.camera()).isEqualTo(new PinholeCamera(3000, 2736, 1824, 5472, 3648));
  }

  @Test
  void surveySensorWidthScalesTheExifFocalLengthOrItsOwn() throws Exception {
    CameraIntrinsics exifFocal = CameraIntrinsics.of(everySource(),
        new CameraOverride(null, null, 12.0, null, null)).orElseThrow();
    CameraIntrinsics ownFocal = CameraIntrinsics.of(everySource(),
        new CameraOverride(null, 10.0, 12.0, 2700.0, 1800.0)).orElseThrow();

    assertThat(exifFocal.source()).isEqualTo("survey profile");
    assertThat(exifFocal.camera().focalLengthPx()).isCloseTo(8.8 / 12.0 * 5472, within(1e-9));
    assertThat(ownFocal.camera().focalLengthPx()).isCloseTo(10.0 / 12.0 * 5472, within(1e-9));
    assertThat(ownFocal.camera().principalPointXPx()).isEqualTo(2700);
    assertThat(ownFocal.camera().principalPointYPx()).isEqualTo(1800);
  }

  @Test
  void surveySensorWidthWithoutAnyFocalLengthFallsBackToTheFile() throws Exception {
    CaptureMetadata noFocalMm = metadata(4000, 3000, "FC6310", null, 24.0, null, null, null, null,
        null);

    CameraIntrinsics i = CameraIntrinsics.of(noFocalMm,
        new CameraOverride(null, null, 13.2, null, null)).orElseThrow();

    assertThat(i.source()).isEqualTo("FocalLengthIn35mmFilm");
    assertThat(i.camera().focalLengthPx()).isCloseTo(24.0 / 36 * 4000, within(1e-9));
  }

  @Test
  void surveyPrincipalPointOutsideTheImageIsRefused() {
    assertThatThrownBy(() -> CameraIntrinsics.of(everySource(),
        new CameraOverride(3000.0, null, null, 6000.0, 1000.0)))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo("profile.camera.principalPointXPx");
        });
  }

  // ---- 2. DJI calibration ----

  @Test
  void djiCalibrationGivesExactlyItsValues() throws Exception {
    CameraIntrinsics i = of(everySource());

    assertThat(i.source()).isEqualTo("CalibratedFocalLength and CalibratedOpticalCenter");
    assertThat(i.camera()).isEqualTo(new PinholeCamera(3666.67, 2736, 1824, 5472, 3648));
  }

  @Test
  void djiCalibrationOfAFileResizedToAQuarterScalesByAQuarter() throws Exception {
    CaptureMetadata resized = metadata(1368, 912, "FC6310", 8.8, 28.0, PX_PER_MM, 5472, 3666.67,
        2736.0, 1824.0);

    CameraIntrinsics i = of(resized);

    assertThat(i.source()).contains("CalibratedFocalLength").contains("scaled by 0.2500");
    assertThat(i.camera().focalLengthPx()).isCloseTo(916.6675, within(1e-9));
    assertThat(i.camera().principalPointXPx()).isCloseTo(684, within(1e-9));
    assertThat(i.camera().principalPointYPx()).isCloseTo(456, within(1e-9));
    assertThat(i.camera().imageWidthPx()).isEqualTo(1368);
    assertThat(i.camera().imageHeightPx()).isEqualTo(912);
  }

  @Test
  void djiCalibrationReadFromAResizedFileScalesByAQuarter() throws Exception {
    byte[] jpeg = SyntheticJpeg.builder(1368, 912).gps(7.1030, 51.4985).make("DJI")
        .model("FC6310").focalLengthMm(8.8).focalLength35mm(24).exifImageSize(5472, 3648)
        .djiXmp("CalibratedFocalLength", "3666.666504")
        .djiXmp("CalibratedOpticalCenterX", "2736.000000")
        .djiXmp("CalibratedOpticalCenterY", "1824.000000")
        .build();

    CameraIntrinsics i = of(new MetadataReader().read(jpeg));

    assertThat(i.camera().focalLengthPx()).isCloseTo(3666.666504 / 4, within(1e-9));
    assertThat(i.camera().principalPointXPx()).isCloseTo(684, within(1e-9));
    assertThat(i.camera().principalPointYPx()).isCloseTo(456, within(1e-9));
  }

  @Test
  void djiCalibrationWithoutOpticalCentreIsCentred() throws Exception {
    CameraIntrinsics i = of(metadata(5472, 3648, "FC6310", 8.8, 28.0, null, null, 3666.67, null,
        null));

    assertThat(i.source()).isEqualTo("CalibratedFocalLength");
    assertThat(i.camera()).isEqualTo(new PinholeCamera(3666.67, 2736, 1824, 5472, 3648));
  }

  @Test
  void zeroCalibratedFocalLengthIsIgnored() throws Exception {
    CameraIntrinsics i = of(metadata(5472, 3648, "FC6310", null, 28.0, null, null, 0.0, null,
        null));

    assertThat(i.source()).isEqualTo("FocalLengthIn35mmFilm");
  }

  @Test
  void opticalCentreOutsideTheImageIsRefusedNamingTheTag() {
    // A full-size centre in a file cropped (not resized: no ExifImageWidth) to 2000 px wide.
    assertRefused(metadata(2000, 3648, "FC6310", 8.8, 28.0, null, null, 3666.67, 2736.0, 1824.0),
        "CalibratedOpticalCenterX");
    assertRefused(metadata(5472, 3648, "FC6310", 8.8, 28.0, null, null, 3666.67, -5.0, 1824.0),
        "CalibratedOpticalCenterX");
    assertRefused(metadata(5472, 3648, "FC6310", 8.8, 28.0, null, null, 3666.67, 2736.0, 3700.0),
        "CalibratedOpticalCenterY");
  }

  // ---- 3. focal plane resolution ----

  @Test
  void focalLengthTimesFocalPlaneResolutionWinsOverThe35mmEquivalent() throws Exception {
    CameraIntrinsics i = of(metadata(5472, 3648, "XYZ", 8.8, 28.0, PX_PER_MM, null, null, null,
        null));

    assertThat(i.source()).isEqualTo("FocalLength and FocalPlaneXResolution");
    assertThat(i.camera()).isEqualTo(PinholeCamera.centred(8.8 * PX_PER_MM, 5472, 3648));
    assertThat(i.camera().focalLengthPx()).isCloseTo(3648, within(1e-9));
  }

  @Test
  void focalPlaneResolutionOfAResizedFileIsScaled() throws Exception {
    CameraIntrinsics i = of(metadata(1368, 912, "XYZ", 8.8, null, PX_PER_MM, 5472, null, null,
        null));

    assertThat(i.camera().focalLengthPx()).isCloseTo(912, within(1e-9));
    assertThat(i.camera().principalPointXPx()).isEqualTo(684);
  }

  @Test
  void implausibleFocalPlaneResolutionIsSkippedForThe35mmEquivalent() throws Exception {
    // 1 px/mm: 8.8 px, 179.6° across. 10,000 px/mm: 88,000 px, 3.6° across.
    for (double pxPerMm : new double[] {1, 10_000}) {
      CameraIntrinsics i = of(metadata(5472, 3648, "FC6310", 8.8, 28.0, pxPerMm, null, null, null,
          null));

      assertThat(i.source()).as("%s px/mm", pxPerMm).isEqualTo("FocalLengthIn35mmFilm");
      assertThat(i.camera().focalLengthPx()).isCloseTo(28.0 / 36 * 5472, within(1e-9));
    }
    // Without a 35 mm value, the sensor table is next.
    assertThat(of(metadata(5472, 3648, "FC6310", 8.8, null, 1.0, null, null, null, null))
        .camera().focalLengthPx()).isCloseTo(3648, within(1e-9));
  }

  // ---- 4. 35 mm equivalent ----

  @Test
  void equivalentFocalLengthScalesTheLongSideBy36Millimetres() throws Exception {
    CameraIntrinsics landscape = of(metadata(4000, 3000, "FC6310", 8.8, 24.0, null, null, null,
        null, null));
    CameraIntrinsics portrait = of(metadata(3000, 4000, "FC6310", 8.8, 24.0, null, null, null,
        null, null));

    assertThat(landscape.source()).isEqualTo("FocalLengthIn35mmFilm");
    assertThat(landscape.camera()).isEqualTo(PinholeCamera.centred(24.0 / 36 * 4000, 4000, 3000));
    assertThat(portrait.camera()).isEqualTo(PinholeCamera.centred(24.0 / 36 * 4000, 3000, 4000));
  }

  // ---- 5. sensor table ----

  @Test
  void sensorTableGivesTheFocalLengthOfAKnownModel() throws Exception {
    // DJI Mini 3 Pro: 6.72 mm on a 1/1.3" sensor, 9.7 mm wide; 4032 px.
    CameraIntrinsics i = of(metadata(4032, 3024, "FC3582", 6.72, null, null, null, null, null,
        null));

    assertThat(i.source()).contains("sensor width").contains("DJI Mini 3 Pro");
    assertThat(i.camera()).isEqualTo(PinholeCamera.centred(6.72 / 9.7 * 4032, 4032, 3024));
  }

  // ---- nothing ----

  @Test
  void withoutAnySourceThereAreNoIntrinsics() throws Exception {
    assertThat(CameraIntrinsics.of(metadata(4000, 3000, "FC6310", null, null, null, null, null,
        null, null), null)).isEmpty();
    assertThat(CameraIntrinsics.of(metadata(4000, 3000, "ZH20T", 4.5, null, null, null, null,
        null, null), null)).isEmpty();
    assertThat(CameraIntrinsics.of(metadata(4000, 3000, null, 4.5, null, null, null, null,
        null, null), null)).isEmpty();
    // No frame size: nothing to scale to.
    Optional<CameraIntrinsics> noSize = CameraIntrinsics.of(metadata(0, 0, "FC6310", 8.8, 24.0,
        null, null, 3666.67, null, null), CameraOverride.ofFocalLengthPx(3000));
    assertThat(noSize).isEmpty();
  }

  private static void assertRefused(CaptureMetadata m, String field) {
    assertThatThrownBy(() -> CameraIntrinsics.of(m, null))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).contains(field);
        });
  }
}
