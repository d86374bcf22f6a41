package org.roadscan.detector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.roadscan.detector.testing.SyntheticJpeg;

/**
 * Pins that {@link MetadataReader} reads the camera calibration and RTK tags back from real JPEGs
 * written by {@link SyntheticJpeg}: EXIF FocalPlaneXResolution converted to pixels per millimetre
 * by its FocalPlaneResolutionUnit (inch, cm, mm, µm; other units ignored), ExifImageWidth, and DJI
 * XMP CalibratedFocalLength, CalibratedOpticalCenterX/Y and RtkStdLon/Lat/Hgt in attribute and
 * element form; absent tags read as null.
 */
class MetadataCalibrationTagsTest {

  private final MetadataReader reader = new MetadataReader();

  private static SyntheticJpeg.Builder small() {
    return SyntheticJpeg.builder(64, 48).gps(7.1030, 51.4985).make("DJI").model("FC6310R");
  }

  @ParameterizedTest(name = "XMP as elements: {0}")
  @ValueSource(booleans = {false, true})
  void readsCalibrationAndRtkTags(boolean xmpElements) throws Exception {
    byte[] jpeg = small()
        .focalLengthMm(8.8)
        .focalPlaneXResolution(5472 / 13.2 * 25.4, 2)
        .exifImageSize(5472, 3648)
        .djiXmp("CalibratedFocalLength", "3666.666504")
        .djiXmp("CalibratedOpticalCenterX", "2736.000000")
        .djiXmp("CalibratedOpticalCenterY", "1824.000000")
        .djiXmp("RtkStdLon", "0.01234")
        .djiXmp("RtkStdLat", "0.02345")
        .djiXmp("RtkStdHgt", "0.03456")
        .djiXmpElements(xmpElements)
        .build();

    CaptureMetadata m = reader.read(jpeg);

    assertThat(m.focalPlaneXResolutionPxPerMm()).isCloseTo(5472 / 13.2, within(1e-4));
    assertThat(m.exifImageWidthPx()).isEqualTo(5472);
    assertThat(m.imageWidthPx()).isEqualTo(64);
    assertThat(m.calibratedFocalLengthPx()).isEqualTo(3666.666504);
    assertThat(m.calibratedOpticalCenterXPx()).isEqualTo(2736.0);
    assertThat(m.calibratedOpticalCenterYPx()).isEqualTo(1824.0);
    assertThat(m.rtkStdLonM()).isEqualTo(0.01234);
    assertThat(m.rtkStdLatM()).isEqualTo(0.02345);
    assertThat(m.rtkStdHgtM()).isEqualTo(0.03456);
  }

  @ParameterizedTest(name = "unit {0}: {1} per unit")
  @CsvSource({
      "2, 10529.4545",  // inch: 414.545 px/mm × 25.4
      "3, 4145.4545",   // centimetre
      "4, 414.54545",   // millimetre
      "5, 0.41454545"}) // micrometre
  void focalPlaneResolutionIsConvertedToPixelsPerMillimetre(int unit, double perUnit)
      throws Exception {
    CaptureMetadata m = reader.read(small().focalPlaneXResolution(perUnit, unit).build());

    assertThat(m.focalPlaneXResolutionPxPerMm()).isCloseTo(414.54545, within(1e-3));
  }

  @Test
  void focalPlaneResolutionInAnUnknownUnitIsIgnored() throws Exception {
    // Unit 1 is "no absolute unit".
    CaptureMetadata m = reader.read(small().focalPlaneXResolution(414.5, 1).build());

    assertThat(m.focalPlaneXResolutionPxPerMm()).isNull();
  }

  @Test
  void absentCalibrationTagsReadAsNull() throws Exception {
    CaptureMetadata m = reader.read(small().focalLengthMm(8.8).exifImageSize(0, 0)
        .djiXmp("GimbalPitchDegree", "-90.0").build());

    assertThat(m.focalPlaneXResolutionPxPerMm()).isNull();
    assertThat(m.exifImageWidthPx()).as("ExifImageWidth 0 means unknown").isNull();
    assertThat(m.calibratedFocalLengthPx()).isNull();
    assertThat(m.calibratedOpticalCenterXPx()).isNull();
    assertThat(m.calibratedOpticalCenterYPx()).isNull();
    assertThat(m.rtkStdLonM()).isNull();
    assertThat(m.rtkStdLatM()).isNull();
    assertThat(m.rtkStdHgtM()).isNull();
  }
}
