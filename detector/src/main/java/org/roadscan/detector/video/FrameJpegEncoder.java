package org.roadscan.detector.video;

import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.roadscan.detector.image.OpenCvNatives;

/**
 * Encodes a decoded video frame (JavaCV, 8-bit BGR) as a JPEG with OpenCV's codec
 * (libjpeg-turbo): the frame's native buffer is wrapped in a {@link Mat} without a copy. Chosen
 * over JavaCV's {@code Java2DFrameConverter} + {@code ImageIO}, which copies the frame into a
 * {@code BufferedImage} and encodes with the JDK's slower codec (figures in {@code
 * bench/README.md}, "Video sampling"). JavaCV's own OpenCV module is not used.
 *
 * <p>Stateless and thread-safe; the frame must not change while it is encoded.
 */
public final class FrameJpegEncoder {

  /** JPEG quality, 0–100: visually lossless for detection, a quarter of the size of 100. */
  public static final int QUALITY = 92;

  /**
   * Encodes one frame.
   *
   * @param frame a decoded frame, 8-bit unsigned, 3 channels (BGR), as {@code grabImage} returns
   * @return the JPEG file's bytes
   * @throws IllegalArgumentException when the frame is not 8-bit BGR
   */
  public byte[] encode(Frame frame) {
    if (frame.image == null || frame.imageDepth != Frame.DEPTH_UBYTE || frame.imageChannels != 3) {
      throw new IllegalArgumentException("not an 8-bit BGR frame: depth " + frame.imageDepth
          + ", channels " + frame.imageChannels);
    }
    OpenCvNatives.ensureLoaded();
    ByteBuffer pixels = (ByteBuffer) frame.image[0];
    Mat bgr = new Mat(frame.imageHeight, frame.imageWidth, CvType.CV_8UC3, pixels.position(0),
        frame.imageStride);
    MatOfByte encoded = new MatOfByte();
    try {
      if (!Imgcodecs.imencode(".jpg", bgr, encoded,
          new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, QUALITY))) {
        throw new IllegalStateException("OpenCV could not encode a "
            + frame.imageWidth + "x" + frame.imageHeight + " frame as JPEG");
      }
      return encoded.toArray();
    } finally {
      bgr.release();
      encoded.release();
    }
  }
}
