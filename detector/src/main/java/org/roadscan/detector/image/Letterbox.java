package org.roadscan.detector.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Fits an image into the model's square input without distortion: scale by {@code gain} so the
 * long side becomes {@code size}, centre it on a gray (114) square. This is the exact preprocessing
 * of the Python reference ({@code letterbox_eval} in {@code models/training/evaluate.py}); any
 * change here must be made there too, or the Java and Python detections drift apart.
 *
 * <p>Geometry: {@code gain = size / max(w, h)}; the scaled image is {@code newWidth x newHeight}
 * with {@code newWidth = round(w * gain)} using round-half-to-even like Python's {@code round};
 * it is pasted at ({@code dx}, {@code dy}) = integer-halved free space. A point x in the input
 * maps back to the source as {@code (x - dx) / gain}. Immutable and thread-safe.
 *
 * @param size side of the square model input, px
 * @param srcWidth source image width, px
 * @param srcHeight source image height, px
 * @param gain input px per source px
 * @param newWidth scaled image width inside the input, px
 * @param newHeight scaled image height inside the input, px
 * @param dx left padding, px
 * @param dy top padding, px
 */
public record Letterbox(int size, int srcWidth, int srcHeight, double gain, int newWidth,
    int newHeight, int dx, int dy) {

  /** Gray level of the padding, on all three channels. */
  public static final int PAD_VALUE = 114;

  public Letterbox {
    if (size <= 0 || srcWidth <= 0 || srcHeight <= 0) {
      throw new IllegalArgumentException(
          "size and source dimensions must be positive: " + size + ", " + srcWidth + "x" + srcHeight);
    }
  }

  /** The letterbox of a {@code srcWidth x srcHeight} image into a {@code size x size} input. */
  public static Letterbox of(int srcWidth, int srcHeight, int size) {
    if (size <= 0 || srcWidth <= 0 || srcHeight <= 0) {
      throw new IllegalArgumentException(
          "size and source dimensions must be positive: " + size + ", " + srcWidth + "x" + srcHeight);
    }
    double gain = (double) size / Math.max(srcWidth, srcHeight);
    int nw = Math.min(size, (int) Math.rint(srcWidth * gain));
    int nh = Math.min(size, (int) Math.rint(srcHeight * gain));
    nw = Math.max(1, nw);
    nh = Math.max(1, nh);
    return new Letterbox(size, srcWidth, srcHeight, gain, nw, nh, (size - nw) / 2, (size - nh) / 2);
  }

  /** Maps an input x coordinate (px) to source pixels, clipped to {@code [0, srcWidth]}. */
  public double toSourceX(double x) {
    return clamp((x - dx) / gain, srcWidth);
  }

  /** Maps an input y coordinate (px) to source pixels, clipped to {@code [0, srcHeight]}. */
  public double toSourceY(double y) {
    return clamp((y - dy) / gain, srcHeight);
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /**
   * Draws {@code bgr} (8-bit, 3 channels, {@code srcWidth x srcHeight}) into a new
   * {@code size x size} canvas, resized with bilinear interpolation ({@code INTER_LINEAR}, also when
   * shrinking, as the reference does). The caller releases the result.
   */
  public Mat apply(Mat bgr) {
    return apply(bgr, Imgproc.INTER_LINEAR);
  }

  /**
   * Like {@link #apply(Mat)} with another OpenCV interpolation flag, e.g. {@code INTER_AREA} for
   * strong reductions (tiles of large frames), where bilinear sampling would skip most pixels and
   * break thin cracks apart. Only {@code INTER_LINEAR} reproduces the Python reference.
   */
  public Mat apply(Mat bgr, int interpolation) {
    if (bgr.cols() != srcWidth || bgr.rows() != srcHeight || bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("expected an 8-bit BGR image of " + srcWidth + "x"
          + srcHeight + ", got " + bgr.cols() + "x" + bgr.rows() + " type " + bgr.type());
    }
    OpenCvNatives.ensureLoaded();
    Mat canvas = new Mat(size, size, CvType.CV_8UC3,
        new Scalar(PAD_VALUE, PAD_VALUE, PAD_VALUE));
    Mat roi = canvas.submat(new Rect(dx, dy, newWidth, newHeight));
    try {
      if (newWidth == srcWidth && newHeight == srcHeight) {
        bgr.copyTo(roi);
      } else {
        Imgproc.resize(bgr, roi, new Size(newWidth, newHeight), 0, 0, interpolation);
      }
    } finally {
      roi.release();
    }
    return canvas;
  }

  /**
   * The model input for {@code bgr}: letterboxed, channels reordered to RGB, planar
   * (channel-major, {@code [3, size, size]}), scaled to 0..1 as {@code value / 255f}.
   */
  public float[] toInput(Mat bgr) {
    return toInput(bgr, Imgproc.INTER_LINEAR);
  }

  /** Like {@link #toInput(Mat)} with another interpolation; see {@link #apply(Mat, int)}. */
  public float[] toInput(Mat bgr, int interpolation) {
    return toInput(bgr, interpolation, InputBuffer.of(size));
  }

  /**
   * Like {@link #toInput(Mat, int)}, written into {@code buffer}'s arrays instead of new ones (a
   * 320 px input is 1.2 MB of floats); returns {@code buffer.input()}.
   */
  public float[] toInput(Mat bgr, int interpolation, InputBuffer buffer) {
    Mat canvas = apply(bgr, interpolation);
    try {
      return toPlanarRgb(canvas, buffer);
    } finally {
      canvas.release();
    }
  }

  /** {@code v / 255f} for every byte value: a table look-up instead of a division per channel. */
  private static final float[] UNIT = unitTable();

  private static float[] unitTable() {
    float[] t = new float[256];
    for (int v = 0; v < 256; v++) {
      t[v] = v / 255f;
    }
    return t;
  }

  /**
   * Converts a square 8-bit BGR canvas into planar RGB floats in 0..1 ({@code [3, h, w]}).
   * Division by 255 in float matches PyTorch's {@code .float().div(255)} bit for bit.
   */
  public static float[] toPlanarRgb(Mat canvasBgr) {
    return toPlanarRgb(canvasBgr, InputBuffer.of(canvasBgr.rows()));
  }

  /** Like {@link #toPlanarRgb(Mat)}, into {@code buffer} (whose size must be the canvas's). */
  public static float[] toPlanarRgb(Mat canvasBgr, InputBuffer buffer) {
    int h = canvasBgr.rows();
    int w = canvasBgr.cols();
    if (h != w || h != buffer.size()) {
      throw new IllegalArgumentException("canvas " + w + "x" + h + " does not fit a buffer of "
          + buffer.size() + " px");
    }
    int plane = h * w;
    byte[] pixels = buffer.pixels();
    Mat continuous = canvasBgr.isContinuous() ? canvasBgr : canvasBgr.clone();
    try {
      continuous.get(0, 0, pixels);
    } finally {
      if (continuous != canvasBgr) {
        continuous.release();
      }
    }
    float[] out = buffer.input();
    for (int i = 0, p = 0; i < plane; i++, p += 3) {
      out[i] = UNIT[pixels[p + 2] & 0xff];
      out[plane + i] = UNIT[pixels[p + 1] & 0xff];
      out[2 * plane + i] = UNIT[pixels[p] & 0xff];
    }
    return out;
  }
}
