package org.roadscan.detector.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.testing.TestModel;

class ImageDecoderTest {

  @Test
  void decodesTheFixtureJpegAsBgr() throws Exception {
    byte[] bytes = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    Mat bgr = ImageDecoder.decodeJpeg(bytes);
    try {
      assertThat(bgr.cols()).isEqualTo(640);
      assertThat(bgr.rows()).isEqualTo(425);
      assertThat(bgr.type()).isEqualTo(CvType.CV_8UC3);
    } finally {
      bgr.release();
    }
  }

  @Test
  void decodesAJpegScaledDownInsideTheDecoder() throws Exception {
    byte[] bytes = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    Mat half = ImageDecoder.decodeJpeg(bytes, 2);
    Mat eighth = ImageDecoder.decodeJpeg(bytes, 8);
    try {
      assertThat(half.cols()).isEqualTo(320);
      assertThat(half.rows()).isEqualTo(213); // ceil(425 / 2)
      assertThat(eighth.cols()).isEqualTo(80);
      assertThat(eighth.rows()).isEqualTo(54); // ceil(425 / 8)
      assertThat(half.type()).isEqualTo(CvType.CV_8UC3);
    } finally {
      half.release();
      eighth.release();
    }
    assertThatThrownBy(() -> ImageDecoder.decodeJpeg(bytes, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reductionKeepsTheLongSideAtOrAboveTheTarget() {
    assertThat(ImageDecoder.reductionFor(640, 320)).isEqualTo(2);
    assertThat(ImageDecoder.reductionFor(639, 320)).isEqualTo(2); // ceil(639 / 2) = 320
    assertThat(ImageDecoder.reductionFor(638, 320)).isEqualTo(1);
    assertThat(ImageDecoder.reductionFor(641, 320)).isEqualTo(2); // ceil(641 / 2) = 321
    assertThat(ImageDecoder.reductionFor(640, 416)).isEqualTo(1);
    assertThat(ImageDecoder.reductionFor(5472, 320)).isEqualTo(8);
    assertThat(ImageDecoder.reductionFor(100, 320)).isEqualTo(1);
    assertThat(ImageDecoder.reducedSide(425, 2)).isEqualTo(213);
  }

  @Test
  void refusesBytesThatAreNotAJpeg() {
    byte[] text = "GIF89a not really".getBytes();
    assertThatThrownBy(() -> ImageDecoder.decodeJpeg(text))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE);
          assertThat(e.field()).isEqualTo("image");
        });
    assertThatThrownBy(() -> ImageDecoder.decodeJpeg(new byte[0]))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE));
  }

  @Test
  void refusesAPngWhereOnlyJpegIsAcceptedButDecodesItWhenAllowed() throws Exception {
    OpenCvNatives.ensureLoaded();
    Mat img = new Mat(8, 12, CvType.CV_8UC3, new Scalar(1, 2, 3));
    MatOfByte png = new MatOfByte();
    Imgcodecs.imencode(".png", img, png);
    byte[] bytes = png.toArray();
    img.release();
    png.release();

    assertThatThrownBy(() -> ImageDecoder.decodeJpeg(bytes))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE));
    Mat decoded = ImageDecoder.decode(bytes, EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG));
    try {
      assertThat(decoded.cols()).isEqualTo(12);
      assertThat(decoded.get(0, 0)).containsExactly(1, 2, 3);
    } finally {
      decoded.release();
    }
  }

  @Test
  void reportsAJpegHeaderFollowedByGarbageAsCorrupt() {
    byte[] bytes = new byte[64];
    Arrays.fill(bytes, (byte) 0x42);
    bytes[0] = (byte) 0xFF;
    bytes[1] = (byte) 0xD8;
    bytes[2] = (byte) 0xFF;
    assertThatThrownBy(() -> ImageDecoder.decodeJpeg(bytes))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CORRUPT_IMAGE);
          assertThat(e.field()).isEqualTo("image");
        });
  }
}
