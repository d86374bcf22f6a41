package org.roadscan.detector.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.TooManyPixelsException;
import org.roadscan.detector.testing.HostileJpeg;
import org.roadscan.detector.testing.TestModel;

/** Issue #30: a JPEG's declared size is checked before anything decodes it. */
class PixelLimitTest {

  @Test
  void refusesThe700BytePixelBombOfTheIssueBeforeDecoding() {
    byte[] bomb = HostileJpeg.pixelBomb(60_000, 60_000);
    assertThat(bomb.length).isLessThan(1000);
    assertThatThrownBy(() -> PixelLimit.DEFAULT.check(bomb))
        .isInstanceOfSatisfying(TooManyPixelsException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
          assertThat(e.widthPx()).isEqualTo(60_000);
          assertThat(e.heightPx()).isEqualTo(60_000);
          assertThat(e.maxPixels()).isEqualTo(100_000_000L);
          assertThat(e.getMessage()).contains("3600.0 MP").contains("limit is 100.0 MP");
        });
    // the decoder refuses it the same way, whatever reduction is asked for
    for (int reduction : new int[] {1, 2, 4, 8}) {
      assertThatThrownBy(() -> ImageDecoder.decodeJpeg(bomb, reduction))
          .isInstanceOf(TooManyPixelsException.class);
    }
  }

  @Test
  void acceptsAFrameAtTheLimitAndRefusesOnePixelMore() throws Exception {
    PixelLimit limit = new PixelLimit(640 * 425);
    byte[] crop = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    assertThat(limit.check(crop)).isEqualTo(new JpegFrame(640, 425));
    assertThatThrownBy(() -> new PixelLimit(640 * 425 - 1).check(crop))
        .isInstanceOf(TooManyPixelsException.class);
    Mat decoded = ImageDecoder.decodeJpeg(crop, 1, limit);
    try {
      assertThat(decoded.cols()).isEqualTo(640);
    } finally {
      decoded.release();
    }
  }

  @Test
  void findsTheFrameHeaderBehindGarbageAsTheDecoderDoes() throws Exception {
    // libjpeg skips bytes that are not a marker; a scan that gave up there would let a bomb
    // through to a decoder that does not
    byte[] bomb = HostileJpeg.withGarbageAfterSoi(HostileJpeg.pixelBomb(30_000, 30_000), 37);
    assertThatThrownBy(() -> PixelLimit.DEFAULT.check(bomb))
        .isInstanceOf(TooManyPixelsException.class);
    byte[] crop = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    assertThat(JpegFrame.read(HostileJpeg.withGarbageAfterSoi(crop, 5)))
        .contains(new JpegFrame(640, 425));
  }

  @Test
  void aHeaderThatLiesAboutTheSizeIsCheckedByWhatItDeclares() throws Exception {
    byte[] crop = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    byte[] lying = HostileJpeg.withDeclaredSize(crop, 65_535, 65_535);
    assertThatThrownBy(() -> ImageDecoder.decodeJpeg(lying))
        .isInstanceOf(TooManyPixelsException.class);
  }

  @Test
  void refusesWhatItCannotMeasureAsCorrupt() throws Exception {
    byte[] crop = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    byte[] headless = java.util.Arrays.copyOf(crop, 30);
    assertThatThrownBy(() -> ImageDecoder.decodeJpeg(headless))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_IMAGE));
    byte[] zeroHeight = HostileJpeg.withDeclaredSize(crop, 640, 0);
    assertThatThrownBy(() -> PixelLimit.DEFAULT.check(zeroHeight))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_IMAGE));
  }

  @Test
  void checksAPngByItsIhdr() {
    byte[] png = HostileJpeg.concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A,
        0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, (byte) 0xEA, 0x60, 0, 0, (byte) 0xEA, 0x60, 8, 2,
        0, 0, 0});
    assertThatThrownBy(() -> ImageDecoder.decode(png, EnumSet.of(ImageFormat.PNG)))
        .isInstanceOf(TooManyPixelsException.class);
  }

  @Test
  void megapixelsAreDecimal() {
    assertThat(PixelLimit.ofMegapixels(12.5).maxPixels()).isEqualTo(12_500_000L);
    assertThat(PixelLimit.DEFAULT.maxMegapixels()).isEqualTo(100.0);
    assertThatThrownBy(() -> PixelLimit.ofMegapixels(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
