package org.roadscan.detector.image;

import java.util.EnumSet;
import java.util.Set;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;

/**
 * Decodes image bytes into an 8-bit, 3-channel BGR OpenCV matrix, checking the magic bytes before
 * handing anything to the native decoder.
 *
 * <p>Decoding uses {@code IMREAD_COLOR}, exactly like the Python reference ({@code cv2.imread}):
 * grayscale images become three equal channels and the EXIF orientation tag is applied, so pixel
 * coordinates refer to the image as displayed. Stateless and thread-safe. The caller owns the
 * returned matrix and must {@code release()} it.
 */
public final class ImageDecoder {

  /** The field named in {@link CaptureException}s raised here. */
  public static final String FIELD = "image";

  private ImageDecoder() {
  }

  /**
   * Decodes a JPEG, the only format the service accepts from clients.
   *
   * @throws CaptureException {@code UNSUPPORTED_MEDIA_TYPE} when the bytes are not a JPEG,
   *     {@code CORRUPT_IMAGE} when they start like one but cannot be decoded
   */
  public static Mat decodeJpeg(byte[] bytes) throws CaptureException {
    return decode(bytes, EnumSet.of(ImageFormat.JPEG));
  }

  /**
   * Decodes bytes in one of the accepted formats.
   *
   * @param accepted the formats to accept (tools such as the evaluator also accept PNG)
   * @throws CaptureException {@code UNSUPPORTED_MEDIA_TYPE} when the magic bytes are not one of
   *     {@code accepted}, {@code CORRUPT_IMAGE} when the decoder fails or yields no pixels
   */
  public static Mat decode(byte[] bytes, Set<ImageFormat> accepted) throws CaptureException {
    ImageFormat format = ImageFormat.sniff(bytes).filter(accepted::contains)
        .orElseThrow(() -> new CaptureException(Reason.UNSUPPORTED_MEDIA_TYPE, FIELD,
            "expected " + accepted + " image data, the leading bytes are something else"));
    OpenCvNatives.ensureLoaded();
    Mat encoded = new Mat(1, bytes.length, CvType.CV_8UC1);
    Mat decoded;
    try {
      encoded.put(0, 0, bytes);
      decoded = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
    } finally {
      encoded.release();
    }
    if (decoded == null || decoded.empty()) {
      if (decoded != null) {
        decoded.release();
      }
      throw new CaptureException(Reason.CORRUPT_IMAGE, FIELD,
          "the " + format + " data cannot be decoded (truncated or corrupt)");
    }
    return decoded;
  }
}
