package org.roadscan.detector.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.roadscan.detector.testing.TestModel;

class JpegFrameTest {

  @Test
  void readsTheStoredSizeFromTheFrameHeader() throws Exception {
    byte[] crop = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    assertThat(JpegFrame.read(crop)).contains(new JpegFrame(640, 425));
    // the size as stored: the EXIF orientation turns the picture only when it is decoded
    byte[] turned = Files.readAllBytes(
        TestModel.resource("decoding/pothole-313-crop-exif-rotated.jpg"));
    assertThat(JpegFrame.read(turned)).contains(new JpegFrame(640, 425));
  }

  @Test
  void readsAProgressiveJpeg() {
    OpenCvNatives.ensureLoaded();
    Mat img = new Mat(30, 50, CvType.CV_8UC3, new Scalar(10, 20, 30));
    MatOfByte jpeg = new MatOfByte();
    Imgcodecs.imencode(".jpg", img, jpeg,
        new MatOfInt(Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1));
    assertThat(JpegFrame.read(jpeg.toArray())).contains(new JpegFrame(50, 30));
    img.release();
    jpeg.release();
  }

  @Test
  void isEmptyForBytesWithoutAFrameHeader() throws Exception {
    byte[] crop = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    assertThat(JpegFrame.read(null)).isEmpty();
    assertThat(JpegFrame.read(new byte[0])).isEmpty();
    assertThat(JpegFrame.read("GIF89a not a jpeg".getBytes())).isEmpty();
    assertThat(JpegFrame.read(Arrays.copyOf(crop, 20))).isEmpty();
    byte[] noLength = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, 0, 0};
    assertThat(JpegFrame.read(noLength)).isEmpty();
  }
}
