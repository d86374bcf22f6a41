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
 *
 * <p>Nothing reaches the native decoder before its declared size has been checked against a
 * {@link PixelLimit} ({@link PixelLimit#DEFAULT} unless one is given): a JPEG's frame header, a
 * PNG's IHDR. An image whose size cannot be read from its header is refused as corrupt.
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
   * Decodes a JPEG scaled down by {@code reduction} (1, 2, 4 or 8) inside the JPEG decoder, which
   * skips most of the inverse DCT's work: a side of n pixels becomes {@code ceil(n / reduction)}.
   *
   * @throws CaptureException as {@link #decodeJpeg(byte[])}
   */
  public static Mat decodeJpeg(byte[] bytes, int reduction) throws CaptureException {
    return decode(bytes, EnumSet.of(ImageFormat.JPEG), reduction, PixelLimit.DEFAULT);
  }

  /**
   * As {@link #decodeJpeg(byte[], int)}, refusing a frame over {@code limit} before decoding.
   *
   * @throws CaptureException as {@link #decodeJpeg(byte[])}, or {@code TOO_MANY_PIXELS}
   */
  public static Mat decodeJpeg(byte[] bytes, int reduction, PixelLimit limit)
      throws CaptureException {
    return decode(bytes, EnumSet.of(ImageFormat.JPEG), reduction, limit);
  }

  /**
   * The largest JPEG reduction (1, 2, 4 or 8) that keeps a side of {@code longSidePx} at or above
   * {@code targetPx}, i.e. that loses no pixel the model input would use.
   */
  public static int reductionFor(int longSidePx, int targetPx) {
    int r = 8;
    while (r > 1 && ceilDiv(longSidePx, r) < targetPx) {
      r /= 2;
    }
    return r;
  }

  /** The side length {@code n} pixels decode to at {@code reduction}. */
  public static int reducedSide(int n, int reduction) {
    return ceilDiv(n, reduction);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * Decodes bytes in one of the accepted formats.
   *
   * @param accepted the formats to accept (tools such as the evaluator also accept PNG)
   * @throws CaptureException {@code UNSUPPORTED_MEDIA_TYPE} when the magic bytes are not one of
   *     {@code accepted}, {@code CORRUPT_IMAGE} when the decoder fails or yields no pixels
   */
  public static Mat decode(byte[] bytes, Set<ImageFormat> accepted) throws CaptureException {
    return decode(bytes, accepted, 1, PixelLimit.DEFAULT);
  }

  /**
   * Decodes bytes in one of the accepted formats, scaled down by {@code reduction} (1, 2, 4 or 8;
   * for JPEG inside the decoder, see {@link #decodeJpeg(byte[], int)}).
   *
   * @param limit the most pixels the image may declare; checked before the decoder runs
   * @throws CaptureException as {@link #decode(byte[], Set)}, or {@code TOO_MANY_PIXELS} (a
   *     {@link org.roadscan.detector.TooManyPixelsException}) when the header declares more
   */
  public static Mat decode(byte[] bytes, Set<ImageFormat> accepted, int reduction,
      PixelLimit limit) throws CaptureException {
    int flag = switch (reduction) {
      case 1 -> Imgcodecs.IMREAD_COLOR;
      case 2 -> Imgcodecs.IMREAD_REDUCED_COLOR_2;
      case 4 -> Imgcodecs.IMREAD_REDUCED_COLOR_4;
      case 8 -> Imgcodecs.IMREAD_REDUCED_COLOR_8;
      default -> throw new IllegalArgumentException("reduction must be 1, 2, 4 or 8: " + reduction);
    };
    ImageFormat format = ImageFormat.sniff(bytes).filter(accepted::contains)
        .orElseThrow(() -> new CaptureException(Reason.UNSUPPORTED_MEDIA_TYPE, FIELD,
            "expected " + accepted + " image data, the leading bytes are something else"));
    checkDeclaredSize(bytes, format, limit);
    OpenCvNatives.ensureLoaded();
    Mat encoded = new Mat(1, bytes.length, CvType.CV_8UC1);
    Mat decoded;
    try {
      encoded.put(0, 0, bytes);
      decoded = Imgcodecs.imdecode(encoded, flag);
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

  /** Refuses an image whose header declares more than {@code limit}, or that has no such header. */
  private static void checkDeclaredSize(byte[] bytes, ImageFormat format, PixelLimit limit)
      throws CaptureException {
    if (format == ImageFormat.JPEG) {
      limit.check(bytes);
      return;
    }
    // PNG: the IHDR chunk comes first (signature 8, length 4, type 4, then width and height)
    if (bytes.length < 24 || bytes[12] != 'I' || bytes[13] != 'H' || bytes[14] != 'D'
        || bytes[15] != 'R') {
      throw new CaptureException(Reason.CORRUPT_IMAGE, FIELD, "the PNG has no IHDR header");
    }
    int width = readInt(bytes, 16);
    int height = readInt(bytes, 20);
    if (width <= 0 || height <= 0) {
      throw new CaptureException(Reason.CORRUPT_IMAGE, FIELD,
          "the PNG declares an impossible size: " + width + " x " + height);
    }
    limit.check(width, height);
  }

  private static int readInt(byte[] bytes, int at) {
    return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
        | bytes[at + 3] & 0xFF;
  }
}
