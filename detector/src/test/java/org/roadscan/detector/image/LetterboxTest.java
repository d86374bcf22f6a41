package org.roadscan.detector.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.testing.TestModel;

class LetterboxTest {

  @Test
  void roundsHalfToEvenLikePythonAndCentresTheImage() {
    // 425 * 0.5 = 212.5: Python's round() gives 212, Math.round would give 213
    Letterbox lb = Letterbox.of(640, 425, 320);
    assertThat(lb.gain()).isEqualTo(0.5);
    assertThat(lb.newWidth()).isEqualTo(320);
    assertThat(lb.newHeight()).isEqualTo(212);
    assertThat(lb.dx()).isZero();
    assertThat(lb.dy()).isEqualTo(54);
  }

  @Test
  void portraitImagesArePaddedLeftAndRight() {
    Letterbox lb = Letterbox.of(3000, 4000, 320);
    assertThat(lb.gain()).isEqualTo(0.08);
    assertThat(lb.newWidth()).isEqualTo(240);
    assertThat(lb.newHeight()).isEqualTo(320);
    assertThat(lb.dx()).isEqualTo(40);
    assertThat(lb.dy()).isZero();
  }

  @Test
  void mapsInputPixelsBackToSourcePixelsAndClipsToTheImage() {
    Letterbox lb = Letterbox.of(640, 425, 320);
    assertThat(lb.toSourceX(100)).isEqualTo(200);
    assertThat(lb.toSourceY(54 + 50)).isEqualTo(100);
    // inside the padding: clipped to the image border
    assertThat(lb.toSourceY(10)).isZero();
    assertThat(lb.toSourceY(300)).isEqualTo(425);
    assertThat(lb.toSourceX(-3)).isZero();
    // round trip of an arbitrary point
    double x = 123.25;
    assertThat(lb.toSourceX(x * lb.gain() + lb.dx())).isCloseTo(x, within(1e-9));
  }

  @Test
  void padsWithGray114AndConvertsToPlanarRgbInUnitRange() {
    OpenCvNatives.ensureLoaded();
    Mat src = new Mat(20, 40, CvType.CV_8UC3, new Scalar(10, 20, 30)); // B, G, R
    Letterbox lb = Letterbox.of(40, 20, 32);
    Mat canvas = lb.apply(src);
    try {
      assertThat(lb.dy()).isEqualTo(8);
      assertThat(canvas.get(0, 0)).containsExactly(114, 114, 114);
      assertThat(canvas.get(16, 16)).containsExactly(10, 20, 30);
      float[] in = Letterbox.toPlanarRgb(canvas);
      int plane = 32 * 32;
      int centre = 16 * 32 + 16;
      assertThat(in).hasSize(3 * plane);
      assertThat(in[centre]).isEqualTo(30 / 255f);
      assertThat(in[plane + centre]).isEqualTo(20 / 255f);
      assertThat(in[2 * plane + centre]).isEqualTo(10 / 255f);
      assertThat(in[0]).isEqualTo(114 / 255f);
    } finally {
      canvas.release();
      src.release();
    }
  }

  @Test
  void fillsAReusedBufferWithTheSameInputAsNewArrays() throws Exception {
    Mat bgr = ImageDecoder.decodeJpeg(
        Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg")));
    try {
      Letterbox lb = Letterbox.of(bgr.cols(), bgr.rows(), 320);
      InputBuffer buffer = InputBuffer.of(320);
      Arrays.fill(buffer.input(), 7f); // left over from an earlier image
      float[] reused = lb.toInput(bgr, Imgproc.INTER_LINEAR, buffer);
      assertThat(reused).isSameAs(buffer.input()).containsExactly(lb.toInput(bgr));
      assertThatThrownBy(() -> lb.toInput(bgr, Imgproc.INTER_LINEAR,
          InputBuffer.of(256))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new InputBuffer(2, new byte[12], new float[11]))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      bgr.release();
    }
  }
}
