package org.roadscan.detector.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.Detection;
import org.roadscan.detector.PixelBox;

/**
 * Draws labels (green) and predictions at or above their class's threshold (red, with class
 * and confidence) over an image, so a person can see at a glance what the model finds and
 * misses. Large images are shrunk to at most {@value #MAX_SIDE_PX} px on the long side first.
 * Stateless and thread-safe.
 */
public final class ComparisonPicture {

  /** Long side of the written picture at most, px. */
  public static final int MAX_SIDE_PX = 1600;
  private static final Scalar LABEL = new Scalar(60, 200, 60);
  private static final Scalar PREDICTION = new Scalar(40, 40, 230);

  private ComparisonPicture() {
  }

  /**
   * Writes the picture; the format follows the file extension ({@code .jpg} or {@code .png}).
   *
   * @param bgr the image (not modified)
   * @param classNames the model's synset, for the label captions
   * @param thresholds per class in synset order: a prediction is drawn when its confidence is at
   *     or above its class's threshold
   * @return whether OpenCV wrote the file
   */
  public static boolean write(Mat bgr, List<Detection> predictions, List<LabelBox> labels,
      List<String> classNames, List<Double> thresholds, Path file) {
    double scale = Math.min(1.0, (double) MAX_SIDE_PX / Math.max(bgr.cols(), bgr.rows()));
    Mat canvas = new Mat();
    try {
      if (scale < 1) {
        Imgproc.resize(bgr, canvas, new Size(Math.round(bgr.cols() * scale),
            Math.round(bgr.rows() * scale)), 0, 0, Imgproc.INTER_AREA);
      } else {
        bgr.copyTo(canvas);
      }
      int thick = Math.max(2, (int) Math.round(Math.max(canvas.cols(), canvas.rows()) / 400.0));
      double font = Math.max(0.5, Math.max(canvas.cols(), canvas.rows()) / 1200.0);
      for (LabelBox l : labels) {
        PixelBox b = l.box();
        Imgproc.rectangle(canvas, new Point(b.x0() * scale, b.y0() * scale),
            new Point(b.x1() * scale, b.y1() * scale), LABEL, thick);
        caption(canvas, classNames.get(l.classIndex()), b.x0() * scale, b.y1() * scale
            + 14 * font, LABEL, font);
      }
      for (Detection d : predictions) {
        if (d.confidence() < thresholds.get(d.classIndex())) {
          continue;
        }
        PixelBox b = d.box();
        Imgproc.rectangle(canvas, new Point(b.x0() * scale, b.y0() * scale),
            new Point(b.x1() * scale, b.y1() * scale), PREDICTION, thick);
        caption(canvas, String.format(Locale.ROOT, "%s %.2f", d.className(), d.confidence()),
            b.x0() * scale, b.y0() * scale - 4, PREDICTION, font);
      }
      caption(canvas, "green: labels   red: predictions >= " + legend(classNames, thresholds), 6,
          20 * font, new Scalar(255, 255, 255), font);
      return Imgcodecs.imwrite(file.toString(), canvas);
    } finally {
      canvas.release();
    }
  }

  /** {@code 0.25} when all classes share it, else {@code D00 0.10, D10 0.10, ...}. */
  private static String legend(List<String> classNames, List<Double> thresholds) {
    if (thresholds.stream().distinct().count() == 1) {
      return String.format(Locale.ROOT, "%.2f", thresholds.get(0));
    }
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < classNames.size(); c++) {
      b.append(c == 0 ? "" : ", ").append(classNames.get(c))
          .append(String.format(Locale.ROOT, " %.2f", thresholds.get(c)));
    }
    return b.toString();
  }

  private static void caption(Mat canvas, String text, double x, double y, Scalar colour,
      double font) {
    Point at = new Point(Math.max(2, x), Math.max(12 * font, Math.min(canvas.rows() - 4, y)));
    Imgproc.putText(canvas, text, at, Imgproc.FONT_HERSHEY_SIMPLEX, font, new Scalar(0, 0, 0),
        3, Imgproc.LINE_AA);
    Imgproc.putText(canvas, text, at, Imgproc.FONT_HERSHEY_SIMPLEX, font, colour, 1,
        Imgproc.LINE_AA);
  }
}
