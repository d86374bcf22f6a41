package org.roadscan.detector.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;

/** Writes JPEGs with {@link SyntheticJpeg} and reads them back with {@link MetadataReader}. */
class SyntheticJpegTest {

  /** 1e-8° is about 1 mm; the writer stores about 3e-10°. */
  private static final double DEG_TOLERANCE = 1e-8;
  private static final double RATIONAL_TOLERANCE = 1e-6;
  private static final Instant GPS_TIME = Instant.parse("2024-05-06T07:08:09Z");

  private final MetadataReader reader = new MetadataReader();

  @ParameterizedTest(name = "XMP as elements: {0}")
  @ValueSource(booleans = {false, true})
  void readsBackEveryTag(boolean xmpElements) throws Exception {
    byte[] jpeg = everyTag(640, 480).djiXmpElements(xmpElements).build();

    CaptureMetadata m = reader.read(jpeg);

    assertThat(m.lonDeg()).isCloseTo(13.4002944444, within(DEG_TOLERANCE));
    assertThat(m.latDeg()).isCloseTo(52.5189166667, within(DEG_TOLERANCE));
    assertThat(m.gpsAltitudeM()).isCloseTo(318.9, within(RATIONAL_TOLERANCE));
    assertThat(m.gpsImgDirectionDeg()).isCloseTo(271.25, within(RATIONAL_TOLERANCE));
    assertThat(m.horizontalAccuracyM()).isCloseTo(0.75, within(RATIONAL_TOLERANCE));
    assertThat(m.focalLengthMm()).isCloseTo(4.5, within(RATIONAL_TOLERANCE));
    assertThat(m.focalLength35mmEq()).isEqualTo(24.0);
    assertThat(m.imageWidthPx()).isEqualTo(640);
    assertThat(m.imageHeightPx()).isEqualTo(480);
    assertThat(m.cameraMake()).isEqualTo("DJI");
    assertThat(m.cameraModel()).isEqualTo("FC3582");
    assertThat(m.exifOrientation()).isEqualTo(1);
    // The GPS stamp (UTC) wins over DateTimeOriginal without offset.
    assertThat(m.takenAt()).isEqualTo(GPS_TIME);
    assertThat(m.relativeAltitudeM()).isEqualTo(30.0);
    assertThat(m.absoluteAltitudeM()).isEqualTo(348.9);
    assertThat(m.gimbalPitchDeg()).isEqualTo(-45.0);
    assertThat(m.gimbalYawDeg()).isEqualTo(12.3);
    assertThat(m.gimbalRollDeg()).isEqualTo(0.5);
    assertThat(m.flightYawDeg()).isEqualTo(11.9);
  }

  @Test
  void readsSouthWestPositionAndNegativeAltitude() throws Exception {
    byte[] jpeg = SyntheticJpeg.builder(640, 480)
        .gps(-98.0898683333, -33.8688197)
        .gpsAltitudeM(-12.345)
        .build();

    CaptureMetadata m = reader.read(jpeg);

    assertThat(m.lonDeg()).isCloseTo(-98.0898683333, within(DEG_TOLERANCE));
    assertThat(m.latDeg()).isCloseTo(-33.8688197, within(DEG_TOLERANCE));
    assertThat(m.gpsAltitudeM()).isCloseTo(-12.345, within(RATIONAL_TOLERANCE));
  }

  @Test
  void roundTripsPositionsNearMinuteAndDegreeBoundaries() throws Exception {
    double[][] lonLats = {
        {179.99999999999, -89.99999999999},
        {-0.0000001, 0.0000001},
        {7.0166666666666, 46.9999999999},
        {-122.4194155, 37.7749295}};
    for (double[] lonLat : lonLats) {
      CaptureMetadata m = reader.read(
          SyntheticJpeg.builder(64, 48).gps(lonLat[0], lonLat[1]).build());

      assertThat(m.lonDeg()).as("lon %s", lonLat[0]).isCloseTo(lonLat[0], within(DEG_TOLERANCE));
      assertThat(m.latDeg()).as("lat %s", lonLat[1]).isCloseTo(lonLat[1], within(DEG_TOLERANCE));
    }
  }

  @Test
  void writesOnlyTheTagsThatWereSet() throws Exception {
    byte[] jpeg = SyntheticJpeg.builder(640, 480).gps(13.4, 52.5).build();

    CaptureMetadata m = reader.read(jpeg);

    assertThat(m.gpsAltitudeM()).isNull();
    assertThat(m.gpsImgDirectionDeg()).isNull();
    assertThat(m.horizontalAccuracyM()).isNull();
    assertThat(m.focalLengthMm()).isNull();
    assertThat(m.focalLength35mmEq()).isNull();
    assertThat(m.cameraMake()).isNull();
    assertThat(m.cameraModel()).isNull();
    assertThat(m.exifOrientation()).isNull();
    assertThat(m.takenAt()).isNull();
    assertThat(m.relativeAltitudeM()).isNull();
    assertThat(m.gimbalPitchDeg()).isNull();
    assertThat(m.absoluteAltitudeM()).isNull();
    Metadata raw = JpegMetadataReader.readMetadata(new ByteArrayInputStream(jpeg));
    assertThat(raw.getFirstDirectoryOfType(ExifSubIFDDirectory.class)).isNull();
    assertThat(countXmpSegments(jpeg)).isZero();
  }

  @Test
  void readsDateTimeOriginalAsUtcWithoutGpsStamp() throws Exception {
    byte[] jpeg = SyntheticJpeg.builder(64, 48).gps(13.4, 52.5)
        .dateTimeOriginal("2023:11:12 13:14:15")
        .build();

    assertThat(reader.read(jpeg).takenAt()).isEqualTo(Instant.parse("2023-11-12T13:14:15Z"));
  }

  @Test
  void keepsMillisecondsOfGpsTime() throws Exception {
    Instant time = Instant.parse("2021-01-02T23:59:58.250Z");
    byte[] jpeg = SyntheticJpeg.builder(64, 48).gps(13.4, 52.5).gpsDateTimeUtc(time).build();

    assertThat(reader.read(jpeg).takenAt()).isEqualTo(time);
  }

  @ParameterizedTest(name = "XMP as elements: {0}")
  @ValueSource(booleans = {false, true})
  void refusesNanGimbalPitch(boolean xmpElements) {
    byte[] jpeg = SyntheticJpeg.builder(640, 480).gps(13.4, 52.5)
        .djiXmp("RelativeAltitude", "+30.00")
        .djiXmp("GimbalPitchDegree", "NaN")
        .djiXmpElements(xmpElements)
        .build();

    assertThatThrownBy(() -> reader.read(jpeg))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo("GimbalPitchDegree");
        });
  }

  @Test
  void refusesTextGimbalYaw() {
    byte[] jpeg = SyntheticJpeg.builder(64, 48).gps(13.4, 52.5)
        .djiXmp("GimbalYawDegree", "abc")
        .build();

    assertThatThrownBy(() -> reader.read(jpeg))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo("GimbalYawDegree");
        });
  }

  /** Tags MetadataReader does not return, checked with the metadata library directly. */
  @Test
  void writesWellFormedExifDirectories() throws Exception {
    byte[] jpeg = everyTag(640, 480).exifImageSize(8000, 6000).build();

    Metadata raw = JpegMetadataReader.readMetadata(new ByteArrayInputStream(jpeg));

    for (Directory directory : raw.getDirectories()) {
      assertThat(directory.getErrors()).as(directory.getName()).isEmpty();
    }
    ExifIFD0Directory ifd0 = raw.getFirstDirectoryOfType(ExifIFD0Directory.class);
    assertThat(ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(1);
    ExifSubIFDDirectory exif = raw.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
    assertThat(exif.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL))
        .isEqualTo("2024:05:06 09:08:09");
    assertThat(exif.getInt(ExifSubIFDDirectory.TAG_EXIF_IMAGE_WIDTH)).isEqualTo(8000);
    assertThat(exif.getInt(ExifSubIFDDirectory.TAG_EXIF_IMAGE_HEIGHT)).isEqualTo(6000);
    assertThat(exif.getDouble(ExifSubIFDDirectory.TAG_FOCAL_PLANE_X_RESOLUTION))
        .isCloseTo(3666.666667, within(RATIONAL_TOLERANCE));
    assertThat(exif.getDouble(ExifSubIFDDirectory.TAG_FOCAL_PLANE_Y_RESOLUTION))
        .isCloseTo(3666.666667, within(RATIONAL_TOLERANCE));
    assertThat(exif.getInt(ExifSubIFDDirectory.TAG_FOCAL_PLANE_RESOLUTION_UNIT)).isEqualTo(3);
    GpsDirectory gps = raw.getFirstDirectoryOfType(GpsDirectory.class);
    assertThat(gps.getIntArray(GpsDirectory.TAG_VERSION_ID)).containsExactly(2, 3, 0, 0);
    assertThat(gps.getString(GpsDirectory.TAG_IMG_DIRECTION_REF)).isEqualTo("T");
    assertThat(gps.getString(GpsDirectory.TAG_LATITUDE_REF)).isEqualTo("N");
    assertThat(gps.getString(GpsDirectory.TAG_LONGITUDE_REF)).isEqualTo("E");
    assertThat(gps.getInt(GpsDirectory.TAG_ALTITUDE_REF)).isZero();
    assertThat(gps.getString(GpsDirectory.TAG_DATE_STAMP)).isEqualTo("2024:05:06");
  }

  @Test
  void splicesExifThenXmpDirectlyAfterSoi() {
    byte[] jpeg = everyTag(64, 48).build();

    assertThat(Arrays.copyOfRange(jpeg, 0, 4)).containsExactly(0xFF, 0xD8, 0xFF, 0xE1);
    assertThat(new String(jpeg, 6, 8, StandardCharsets.US_ASCII)).isEqualTo("Exif\0\0MM");
    int xmpStart = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
    assertThat(jpeg[xmpStart] & 0xFF).isEqualTo(0xFF);
    assertThat(jpeg[xmpStart + 1] & 0xFF).isEqualTo(0xE1);
    assertThat(new String(jpeg, xmpStart + 4, 29, StandardCharsets.US_ASCII))
        .isEqualTo("http://ns.adobe.com/xap/1.0/\0");
    assertThat(countXmpSegments(jpeg)).isEqualTo(1);
  }

  @Test
  void decodesWithImageIoAndShowsMarkers() throws Exception {
    byte[] jpeg = everyTag(640, 480).marker(200.4, 150.6).build();

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));

    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(480);
    Color insideMarker = new Color(image.getRGB(203, 154));
    assertThat(insideMarker.getRed()).isGreaterThan(180);
    assertThat(insideMarker.getGreen()).isLessThan(90);
    Color background = new Color(image.getRGB(50, 50));
    assertThat(background.getRed()).isCloseTo(128, within(8));
    assertThat(background.getGreen()).isCloseTo(128, within(8));
  }

  @Test
  void writesAndReadsFullSizeImage() throws Exception {
    byte[] jpeg = everyTag(4000, 3000).marker(2000, 1500).build();

    CaptureMetadata m = reader.read(jpeg);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));

    assertThat(m.imageWidthPx()).isEqualTo(4000);
    assertThat(m.imageHeightPx()).isEqualTo(3000);
    assertThat(m.gimbalPitchDeg()).isEqualTo(-45.0);
    assertThat(image.getWidth()).isEqualTo(4000);
    assertThat(image.getHeight()).isEqualTo(3000);
  }

  @Test
  void refusesSegmentOverTheJpegLimit() {
    SyntheticJpeg.Builder builder = SyntheticJpeg.builder(64, 48).gps(13.4, 52.5)
        .djiXmp("Comment", "x".repeat(SyntheticJpeg.MAX_SEGMENT_PAYLOAD));

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("65533");
  }

  @Test
  void requiresGps() {
    assertThatThrownBy(() -> SyntheticJpeg.builder(64, 48).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("gps");
  }

  @Test
  void refusesNegativeUnsignedRational() {
    assertThatThrownBy(() -> SyntheticJpeg.builder(64, 48).focalLengthMm(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static SyntheticJpeg.Builder everyTag(int widthPx, int heightPx) {
    return SyntheticJpeg.builder(widthPx, heightPx)
        .gps(13.4002944444, 52.5189166667)
        .gpsAltitudeM(318.9)
        .gpsImgDirectionDeg(271.25)
        .gpsHPositioningErrorM(0.75)
        .gpsDateTimeUtc(GPS_TIME)
        .make("DJI")
        .model("FC3582")
        .orientation(1)
        .focalLengthMm(4.5)
        .focalLength35mm(24)
        .focalPlaneXResolution(3666.666667, 3)
        .focalPlaneYResolution(3666.666667)
        .exifImageSize(widthPx, heightPx)
        .dateTimeOriginal("2024:05:06 09:08:09")
        .djiXmp("RelativeAltitude", "+30.00")
        .djiXmp("AbsoluteAltitude", "+348.90")
        .djiXmp("GimbalPitchDegree", "-45.00")
        .djiXmp("GimbalYawDegree", "+12.30")
        .djiXmp("GimbalRollDegree", "+0.50")
        .djiXmp("FlightYawDegree", "+11.90")
        .djiXmp("CalibratedFocalLength", "3666.67");
  }

  private static int countXmpSegments(byte[] jpeg) {
    byte[] preamble = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    int count = 0;
    int at = 2;
    while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF && (jpeg[at + 1] & 0xFF) != 0xDA) {
      int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
      if ((jpeg[at + 1] & 0xFF) == 0xE1 && length - 2 >= preamble.length
          && Arrays.equals(jpeg, at + 4, at + 4 + preamble.length, preamble, 0, preamble.length)) {
        count++;
      }
      at += 2 + length;
    }
    return count;
  }
}
