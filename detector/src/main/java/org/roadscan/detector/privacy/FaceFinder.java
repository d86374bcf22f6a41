package org.roadscan.detector.privacy;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.OpenCvNatives;

/**
 * Faces through OpenCV's {@code FaceDetectorYN} (YuNet 2023mar). YuNet finds faces of about
 * 10–300 px, so the frame is searched twice: at full resolution (faces from 10 px up, so every
 * face ≥ 20 px of a 12–20 MP frame is in range) and reduced by {@value #COARSE_REDUCTION} (faces
 * up to about 1,200 px, a close-up). The two passes are merged by NMS.
 *
 * <p>Not thread-safe: the detector holds one OpenCV network. Use one instance per thread;
 * {@link Anonymizer} serialises its calls. {@link #close()} frees the native network.
 */
public final class FaceFinder implements AutoCloseable {

  /** Lowest score kept. Below the zoo's 0.9 on purpose: a missed face costs more than a blur. */
  public static final float SCORE_THRESHOLD = 0.6f;
  /** Overlap above which a lower-scored face box is dropped. */
  public static final float NMS_IOU = 0.3f;
  /** Reduction of the second, coarse pass. */
  public static final int COARSE_REDUCTION = 4;

  private final FaceDetectorYN detector;

  public FaceFinder(PrivacyModels models) {
    OpenCvNatives.ensureLoaded();
    detector = FaceDetectorYN.create(models.face().toString(), "", new Size(320, 320),
        SCORE_THRESHOLD, NMS_IOU, 5000);
  }

  /**
   * The faces in a BGR image, boxes in its pixels.
   *
   * @param bgr 8-bit, 3 channels; not modified
   */
  public List<PrivacyRegion> find(Mat bgr) {
    List<PrivacyRegion> found = new ArrayList<>(detect(bgr, 1));
    if (Math.min(bgr.cols(), bgr.rows()) >= 32 * COARSE_REDUCTION) {
      Mat small = new Mat();
      Imgproc.resize(bgr, small, new Size(Math.round((double) bgr.cols() / COARSE_REDUCTION),
          Math.round((double) bgr.rows() / COARSE_REDUCTION)), 0, 0, Imgproc.INTER_AREA);
      found.addAll(detect(small, (double) bgr.cols() / small.cols()));
      small.release();
    }
    return RegionNms.apply(found, NMS_IOU).stream()
        .map(r -> clip(r, bgr.cols(), bgr.rows())).filter(r -> r != null).toList();
  }

  private List<PrivacyRegion> detect(Mat image, double scale) {
    detector.setInputSize(new Size(image.cols(), image.rows()));
    Mat faces = new Mat();
    detector.detect(image, faces);
    List<PrivacyRegion> out = new ArrayList<>();
    float[] row = new float[15];
    for (int i = 0; i < faces.rows(); i++) {
      faces.get(i, 0, row);
      // row: x, y, w, h, five landmarks (x, y), score
      double x0 = row[0] * scale;
      double y0 = row[1] * scale;
      out.add(new PrivacyRegion(PrivacyRegion.Kind.FACE,
          new PixelBox(x0, y0, x0 + row[2] * scale, y0 + row[3] * scale),
          Math.min(1, Math.max(0, row[14]))));
    }
    faces.release();
    return out;
  }

  static PrivacyRegion clip(PrivacyRegion r, int width, int height) {
    double x0 = Math.max(0, r.box().x0());
    double y0 = Math.max(0, r.box().y0());
    double x1 = Math.min(width, r.box().x1());
    double y1 = Math.min(height, r.box().y1());
    if (!(x1 > x0 && y1 > y0)) {
      return null;
    }
    return new PrivacyRegion(r.kind(), new PixelBox(x0, y0, x1, y1), r.score());
  }

  @Override
  public void close() {
    // FaceDetectorYN's native object is freed by its finalizer in the 4.9 bindings; nothing to do
  }
}
