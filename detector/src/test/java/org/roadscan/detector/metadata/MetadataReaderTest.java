package org.roadscan.detector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;

/** Reads the real fixtures in {@code src/test/resources/metadata} (see the README there). */
class MetadataReaderTest {

  /** 1e-6° is about 0.1 m of latitude. */
  private static final double DEG_TOLERANCE = 1e-6;

  private final MetadataReader reader = new MetadataReader();

  @Test
  void readsDjiXmpInElementForm() throws Exception {
    CaptureMetadata m = reader.read(fixture("caliterra_IMG_9355_djixmp_small.jpg"));

    assertThat(m.latDeg()).isCloseTo(30.17115, within(DEG_TOLERANCE));
    assertThat(m.lonDeg()).isCloseTo(-98.0898683333, within(DEG_TOLERANCE));
    assertThat(m.gpsAltitudeM()).isCloseTo(318.9, within(1e-9));
    assertThat(m.relativeAltitudeM()).isEqualTo(60.10);
    assertThat(m.absoluteAltitudeM()).isEqualTo(377.40);
    assertThat(m.gimbalPitchDeg()).isEqualTo(-90.0);
    assertThat(m.gimbalYawDeg()).isEqualTo(12.30);
    assertThat(m.gimbalRollDeg()).isEqualTo(0.0);
    assertThat(m.flightYawDeg()).isEqualTo(12.00);
    assertThat(m.focalLengthMm()).isEqualTo(4.5);
    assertThat(m.focalLength35mmEq()).isNull();
    assertThat(m.cameraMake()).isEqualTo("Canon");
    assertThat(m.cameraModel()).isEqualTo("Canon PowerShot SX260 HS");
    // Frame header of the downscaled copy, not EXIF ExifImageWidth (4000) of the original.
    assertThat(m.imageWidthPx()).isEqualTo(400);
    assertThat(m.imageHeightPx()).isEqualTo(300);
    assertThat(m.exifOrientation()).isEqualTo(1);
    assertThat(m.horizontalAccuracyM()).isNull();
    // No OffsetTimeOriginal: the GPS stamp (UTC) wins over the local DateTimeOriginal 13:20:53.
    assertThat(m.takenAt()).isEqualTo(Instant.parse("2014-10-19T18:20:54Z"));
  }

  @Test
  void readsDjiXmpInAttributeForm() throws Exception {
    CaptureMetadata m = reader.read(fixture("caliterra_IMG_9356_djixmp_attr_small.jpg"));

    assertThat(m.latDeg()).isCloseTo(30.171115, within(DEG_TOLERANCE));
    assertThat(m.lonDeg()).isCloseTo(-98.0898033333, within(DEG_TOLERANCE));
    assertThat(m.gpsAltitudeM()).isCloseTo(320.1, within(1e-9));
    assertThat(m.gimbalPitchDeg()).isEqualTo(-90.0);
    assertThat(m.gimbalYawDeg()).isEqualTo(12.10);
    assertThat(m.relativeAltitudeM()).isEqualTo(60.20);
    assertThat(m.flightYawDeg()).isNull();
    assertThat(m.absoluteAltitudeM()).isNull();
    assertThat(m.gimbalRollDeg()).isNull();
  }

  @Test
  void readsStreetPhotoWithoutPose() throws Exception {
    CaptureMetadata m = reader.read(fixture("berlin_01_small.jpg"));

    assertThat(m.latDeg()).isCloseTo(52.5189166667, within(DEG_TOLERANCE));
    assertThat(m.lonDeg()).isCloseTo(13.4002944444, within(DEG_TOLERANCE));
    assertThat(m.gpsAltitudeM()).isCloseTo(27.0, within(1e-9));
    assertThat(m.gimbalPitchDeg()).isNull();
    assertThat(m.relativeAltitudeM()).isNull();
    assertThat(m.gimbalYawDeg()).isNull();
    assertThat(m.focalLength35mmEq()).isEqualTo(35.0);
    assertThat(m.focalLengthMm()).isCloseTo(4.3, within(1e-9));
    assertThat(m.cameraMake()).isNull();
    assertThat(m.cameraModel()).isNull();
    assertThat(m.takenAt()).isNull();
    assertThat(m.imageWidthPx()).isEqualTo(408);
    assertThat(m.imageHeightPx()).isEqualTo(306);
  }

  @Test
  void appliesSouthWestRefsBelowSeaLevelAndOffsetTime() throws Exception {
    CaptureMetadata m = reader.read(fixture("synthetic_south_west_tags.jpg"));

    assertThat(m.latDeg()).isCloseTo(-34.5, within(DEG_TOLERANCE));
    assertThat(m.lonDeg()).isCloseTo(-58.4, within(DEG_TOLERANCE));
    assertThat(m.gpsAltitudeM()).isCloseTo(-12.5, within(1e-9));
    assertThat(m.horizontalAccuracyM()).isCloseTo(1.5, within(1e-9));
    assertThat(m.gpsImgDirectionDeg()).isCloseTo(123.4, within(1e-9));
    assertThat(m.takenAt()).isEqualTo(Instant.parse("2024-05-06T05:08:09Z"));
    assertThat(m.exifOrientation()).isEqualTo(6);
    assertThat(m.cameraMake()).isEqualTo("DJI");
    assertThat(m.cameraModel()).isEqualTo("FC6310");
    assertThat(m.focalLengthMm()).isCloseTo(8.8, within(1e-9));
    assertThat(m.focalLength35mmEq()).isEqualTo(24.0);
    assertThat(m.gimbalPitchDeg()).isEqualTo(-45.5);
    assertThat(m.gimbalRollDeg()).isEqualTo(1.25);
    assertThat(m.imageWidthPx()).isEqualTo(64);
    assertThat(m.imageHeightPx()).isEqualTo(48);
  }

  @Test
  void refusesPhotoWithoutGps() {
    assertThatThrownBy(() -> reader.read(fixture("berlin_01_no_gps.jpg")))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.MISSING_METADATA);
          assertThat(e.field()).isEqualTo("GPSLatitude");
          assertThat(e.getMessage()).contains("GPSLatitude");
        });
  }

  @Test
  void refusesLatitudeOutOfRange() {
    assertThatThrownBy(() -> reader.read(fixture("synthetic_lat_out_of_range.jpg")))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo("GPSLatitude");
        });
  }

  @Test
  void refusesBytesThatAreNotJpeg() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};
    for (byte[] bytes : new byte[][] {png, new byte[0], "GIF89a".getBytes(StandardCharsets.US_ASCII)}) {
      assertThatThrownBy(() -> reader.read(bytes))
          .isInstanceOfSatisfying(CaptureException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE);
            assertThat(e.field()).isEqualTo("image");
          });
    }
  }

  @Test
  void refusesJpegCutInsideItsMetadataAsCorrupt() throws Exception {
    byte[] whole = fixture("caliterra_IMG_9355_djixmp_small.jpg");
    byte[] cut = Arrays.copyOf(whole, 200);

    assertThatThrownBy(() -> reader.read(cut))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CORRUPT_IMAGE);
          assertThat(e.field()).isEqualTo("image");
        });
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = MetadataReaderTest.class.getResourceAsStream("/metadata/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
