package org.roadscan.detector.image;

import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.PixelBox;

/**
 * A JPEG that shows a person one detection box of a capture: the box outlined in amber, either in
 * an excerpt around it ({@link View#BOX}) or on the whole frame ({@link View#FRAME}), scaled so
 * that its longer side is at most {@link Options#maxSidePx()}.
 *
 * <p>The excerpt reaches the box's own width (height) beyond it on the left and right (top and
 * bottom), at least {@value #MIN_MARGIN_PX} px, clipped to the image. The outline is
 * {@value #OUTLINE_PX} px wide in the output and lies just outside the box, so it covers none of
 * the damage (inside it where the box touches the image edge).
 *
 * <p>The box is in pixels of the capture as displayed (EXIF orientation applied, full size), as
 * the detector reports it. A large frame is decoded at 1/2, 1/4 or 1/8 inside the JPEG decoder
 * whenever the region shown still has at least the output's pixels at that scale (a 20 MP frame
 * for a 1600 px view decodes at a quarter). Encoded with 4:4:4 chroma so the thin outline keeps
 * its colour. Stateless and thread-safe; blocking (decoding a 20 MP frame takes a few hundred
 * milliseconds): call it off any event loop.
 */
public final class BoxExcerpt {

  /** Least margin around the box in the excerpt, px of the capture. */
  public static final int MIN_MARGIN_PX = 64;
  /** Width of the outline in the output, px. */
  public static final int OUTLINE_PX = 3;
  /** Colour of the outline, 0xRRGGBB: amber, visible on grey and black asphalt and on concrete. */
  public static final int OUTLINE_RGB = 0xFFC000;
  /** JPEG quality of the output, 0–100. */
  public static final int QUALITY = 85;

  private static final Scalar OUTLINE_BGR = new Scalar(OUTLINE_RGB & 0xFF,
      (OUTLINE_RGB >> 8) & 0xFF, (OUTLINE_RGB >> 16) & 0xFF);

  /** What the picture shows around the box. */
  public enum View {
    /** The box with a margin around it. */
    BOX,
    /** The whole frame. */
    FRAME
  }

  /**
   * @param view what the picture shows
   * @param maxSidePx the output's longer side at most, px (at least 1); smaller images are not
   *     enlarged
   */
  public record Options(View view, int maxSidePx) {
    public Options {
      if (view == null) {
        throw new IllegalArgumentException("view is required");
      }
      if (maxSidePx < 1) {
        throw new IllegalArgumentException("maxSidePx must be >= 1: " + maxSidePx);
      }
    }
  }

  private BoxExcerpt() {
  }

  /**
   * Renders the picture.
   *
   * @param jpeg the capture's JPEG file
   * @param box the detection box, px of the full-size capture as displayed
   * @return the picture's JPEG file
   * @throws CaptureException when {@code jpeg} is not a decodable JPEG ({@link ImageDecoder})
   * @throws IllegalArgumentException when the box lies wholly outside the image
   */
  public static byte[] render(byte[] jpeg, PixelBox box, Options options) throws CaptureException {
    Optional<JpegFrame> stored = JpegFrame.read(jpeg);
    int reduction = stored.map(f -> reduction(f, box, options)).orElse(1);
    Mat decoded = ImageDecoder.decodeJpeg(jpeg, reduction);
    Mat picture = new Mat();
    try {
      // full-size dimensions as displayed: the EXIF orientation may have turned the image
      int fullW = decoded.cols();
      int fullH = decoded.rows();
      if (stored.isPresent() && reduction > 1) {
        JpegFrame f = stored.get();
        boolean turned = decoded.cols() != ImageDecoder.reducedSide(f.width(), reduction)
            || decoded.rows() != ImageDecoder.reducedSide(f.height(), reduction);
        fullW = turned ? f.height() : f.width();
        fullH = turned ? f.width() : f.height();
      }
      double sx = (double) decoded.cols() / fullW;
      double sy = (double) decoded.rows() / fullH;
      double[] region = region(box, options.view(), fullW, fullH);
      int x0 = clamp((int) Math.floor(region[0] * sx), 0, decoded.cols() - 1);
      int y0 = clamp((int) Math.floor(region[1] * sy), 0, decoded.rows() - 1);
      int x1 = clamp((int) Math.ceil(region[2] * sx), x0 + 1, decoded.cols());
      int y1 = clamp((int) Math.ceil(region[3] * sy), y0 + 1, decoded.rows());
      Mat crop = decoded.submat(y0, y1, x0, x1);
      try {
        double scale = Math.min(1.0, (double) options.maxSidePx() / Math.max(crop.cols(),
            crop.rows()));
        if (scale < 1) {
          Imgproc.resize(crop, picture, new Size(Math.max(1, Math.round(crop.cols() * scale)),
              Math.max(1, Math.round(crop.rows() * scale))), 0, 0, Imgproc.INTER_AREA);
        } else {
          crop.copyTo(picture);
        }
      } finally {
        crop.release();
      }
      double fx = (double) picture.cols() / (x1 - x0);
      double fy = (double) picture.rows() / (y1 - y0);
      outline(picture, (box.x0() * sx - x0) * fx, (box.y0() * sy - y0) * fy,
          (box.x1() * sx - x0) * fx, (box.y1() * sy - y0) * fy);
      return encode(picture);
    } finally {
      decoded.release();
      picture.release();
    }
  }

  /**
   * The region shown, px of the full-size capture as displayed: {x0, y0, x1, y1}.
   *
   * @throws IllegalArgumentException when nothing of the box's excerpt lies in the image
   */
  static double[] region(PixelBox box, View view, int widthPx, int heightPx) {
    if (view == View.FRAME) {
      return new double[] {0, 0, widthPx, heightPx};
    }
    double mx = Math.max(MIN_MARGIN_PX, box.width());
    double my = Math.max(MIN_MARGIN_PX, box.height());
    double x0 = Math.max(0, box.x0() - mx);
    double y0 = Math.max(0, box.y0() - my);
    double x1 = Math.min(widthPx, box.x1() + mx);
    double y1 = Math.min(heightPx, box.y1() + my);
    if (!(x1 > x0 && y1 > y0)) {
      throw new IllegalArgumentException("box " + box + " lies outside the " + widthPx + "x"
          + heightPx + " image");
    }
    return new double[] {x0, y0, x1, y1};
  }

  /**
   * The largest JPEG reduction at which the region shown keeps at least the output's pixels. The
   * orientation is not known before decoding, so the region is clipped to the frame both ways and
   * the smaller of the two counts (never a coarser decoding than the picture needs).
   */
  static int reduction(JpegFrame stored, PixelBox box, Options options) {
    int regionLongPx;
    if (options.view() == View.FRAME) {
      regionLongPx = Math.max(stored.width(), stored.height());
    } else {
      regionLongPx = Math.min(longSide(box, stored.width(), stored.height()),
          longSide(box, stored.height(), stored.width()));
    }
    if (regionLongPx <= options.maxSidePx()) {
      return 1;
    }
    return ImageDecoder.reductionFor(regionLongPx, options.maxSidePx());
  }

  private static int longSide(PixelBox box, int widthPx, int heightPx) {
    try {
      double[] r = region(box, View.BOX, widthPx, heightPx);
      return (int) Math.floor(Math.max(r[2] - r[0], r[3] - r[1]));
    } catch (IllegalArgumentException outside) {
      return 1; // outside this way round: decode at full size, the other way decides
    }
  }

  /** Four filled bands of {@value #OUTLINE_PX} px just outside the box (inside at the edges). */
  private static void outline(Mat picture, double bx0, double by0, double bx1, double by1) {
    int w = picture.cols();
    int h = picture.rows();
    int left = clamp((int) Math.floor(bx0) - OUTLINE_PX, 0, Math.max(0, w - OUTLINE_PX));
    int right = clamp((int) Math.ceil(bx1), 0, Math.max(0, w - OUTLINE_PX));
    int top = clamp((int) Math.floor(by0) - OUTLINE_PX, 0, Math.max(0, h - OUTLINE_PX));
    int bottom = clamp((int) Math.ceil(by1), 0, Math.max(0, h - OUTLINE_PX));
    int edge = OUTLINE_PX - 1;
    band(picture, left, top, right + edge, top + edge);
    band(picture, left, bottom, right + edge, bottom + edge);
    band(picture, left, top, left + edge, bottom + edge);
    band(picture, right, top, right + edge, bottom + edge);
  }

  /** Fills the pixels from (x0, y0) to (x1, y1), both included. */
  private static void band(Mat picture, int x0, int y0, int x1, int y1) {
    Imgproc.rectangle(picture, new Point(x0, y0), new Point(x1, y1), OUTLINE_BGR, Imgproc.FILLED);
  }

  private static byte[] encode(Mat picture) {
    MatOfByte encoded = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, QUALITY,
        Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444);
    try {
      if (!Imgcodecs.imencode(".jpg", picture, encoded, params)) {
        throw new IllegalStateException("OpenCV could not encode a " + picture.cols() + "x"
            + picture.rows() + " picture as JPEG");
      }
      return encoded.toArray();
    } finally {
      encoded.release();
      params.release();
    }
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }
}
