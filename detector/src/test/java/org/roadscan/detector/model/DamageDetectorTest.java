package org.roadscan.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.Detection;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.JpegFrame;
import org.roadscan.detector.image.OpenCvNatives;
import org.roadscan.detector.testing.TestModel;

/** Runs the real model from {@code models/roadscan-damage}; asserts no model-quality figures. */
class DamageDetectorTest {

  /** Low enough that even an early checkpoint yields detections to check. */
  private static final double LOW = 0.02;
  private static DamageDetector detector;

  @BeforeAll
  static void load() {
    detector = DamageDetector.builder().setModelDir(TestModel.modelDir()).optWorkers(2).build();
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  private static Mat fixture(String name) throws Exception {
    return ImageDecoder.decodeJpeg(Files.readAllBytes(TestModel.resource("reference/" + name)));
  }

  @Test
  void anInterruptedCallerStopsBeforeTheNextPassAndTheDetectorStaysUsable() throws Exception {
    // issue #30: the service's inference budget interrupts the worker thread
    byte[] jpeg = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> detector.detect(jpeg))
          .isInstanceOf(java.util.concurrent.CancellationException.class);
    } finally {
      Thread.interrupted();
    }
    // every predictor went back to the pool: as many calls as workers still run
    for (int i = 0; i < detector.workers() + 1; i++) {
      assertThat(detector.detectFrame(jpeg, LOW).width()).isEqualTo(640);
    }
  }

  @Test
  void readsClassesAndThresholdsBesideTheModel() {
    assertThat(detector.classNames()).containsExactly("D00", "D10", "D20", "D40");
    assertThat(detector.spec().inputSize()).isEqualTo(320);
    assertThat(detector.workers()).isEqualTo(2);
  }

  @Test
  void givesOpenCvTheSameThreadsAsLibtorch() {
    // process-wide, so checked right after building, before another detector changes it
    try (DamageDetector three = DamageDetector.builder().setModelDir(TestModel.modelDir())
        .optWorkers(3).build()) {
      // a worker per core: OpenCV, like libtorch, must not fan a call out over the other cores
      assertThat(OpenCvNatives.threads())
          .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 3));
    }
  }

  @Test
  void findsSortedNonOverlappingDetectionsInsideTheImage() throws Exception {
    Mat img = fixture("pothole-313-crop.jpg");
    try {
      List<Detection> found = detector.detect(img, LOW);
      assertThat(found).isNotEmpty();
      // single pass: NMS runs before clipping, as in Python, so clipped boxes may overlap more
      assertWellFormed(found, img.cols(), img.rows(), LOW, false);
    } finally {
      img.release();
    }
  }

  @Test
  void aPhotoDecodedAtHalfSizeGivesFullSizeBoxesLikeTheFullDecoding() throws Exception {
    for (String name : List.of("reference/pothole-313-crop.jpg",
        "decoding/pothole-313-crop-exif-rotated.jpg")) {
      byte[] jpeg = Files.readAllBytes(TestModel.resource(name));
      Mat full = ImageDecoder.decodeJpeg(jpeg); // turned by the EXIF orientation, if any
      try {
        assertThat(detector.decodeReduction(JpegFrame.read(jpeg).orElseThrow())).isEqualTo(2);
        List<Detection> halved = detector.detect(jpeg, LOW);
        List<Detection> fullSize = detector.detect(full, LOW);
        // the full-size image's size, turned as the decoder turns it, without decoding it
        DamageDetector.FrameDetections frame = detector.detectFrame(jpeg, LOW);
        assertThat(frame.width()).as(name).isEqualTo(full.cols());
        assertThat(frame.height()).as(name).isEqualTo(full.rows());
        assertSame(frame.detections(), halved);
        assertWellFormed(halved, full.cols(), full.rows(), LOW, false);
        assertThat(halved).as(name).isNotEmpty();
        // the JPEG decoder's scaled IDCT and a bilinear 2:1 shrink differ a little (over the
        // validation photos AP@0.5 0.592 vs 0.594): the strongest detection is the same damage
        Detection a = halved.get(0);
        assertThat(fullSize).as(name).anySatisfy(b -> {
          assertThat(b.className()).isEqualTo(a.className());
          assertThat(iou(a.box(), b.box())).isGreaterThan(0.9);
        });
      } finally {
        full.release();
      }
    }
  }

  @Test
  void concurrentCallersGetTheSameResultsAsOneCaller() throws Exception {
    Mat a = fixture("pothole-393.jpg");
    Mat b = fixture("pothole-313-crop.jpg");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Detection> expectA = detector.detect(a, LOW);
      List<Detection> expectB = detector.detect(b, LOW);
      List<Future<List<Detection>>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Mat img = i % 2 == 0 ? a : b;
        runs.add(pool.submit(() -> detector.detect(img, LOW)));
      }
      for (int i = 0; i < runs.size(); i++) {
        assertSame(runs.get(i).get(), i % 2 == 0 ? expectA : expectB);
      }
    } finally {
      pool.shutdownNow();
      a.release();
      b.release();
    }
  }

  @Test
  void tilesALargeFrameAndReturnsBoxesInFramePixels() throws Exception {
    Mat img = fixture("pothole-393.jpg");
    Mat frame = new Mat(2400, 3600, CvType.CV_8UC3, new Scalar(90, 95, 100));
    try {
      Mat target = frame.submat(new Rect(1100, 700, 1280, 1280));
      Imgproc.resize(img, target, new Size(1280, 1280));
      target.release();
      assertThat(detector.slicing().tiles(frame.cols(), frame.rows())).isTrue();
      List<Detection> found = detector.detect(frame, LOW);
      assertWellFormed(found, frame.cols(), frame.rows(), LOW, true);
    } finally {
      frame.release();
      img.release();
    }
  }

  @Test
  void aTiledFrameDecodedAtAQuarterFindsWhatTheFullDecodingFinds() throws Exception {
    Mat img = fixture("pothole-393.jpg");
    Mat frame = new Mat(2400, 3600, CvType.CV_8UC3, new Scalar(90, 95, 100));
    MatOfByte encoded = new MatOfByte();
    try {
      Mat target = frame.submat(new Rect(1100, 700, 1280, 1280));
      Imgproc.resize(img, target, new Size(1280, 1280));
      target.release();
      Imgcodecs.imencode(".jpg", frame, encoded, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95));
      byte[] jpeg = encoded.toArray();
      // 1280 px tiles reach the 320 px model shrunk by 4: the decoder does that shrink itself
      assertThat(detector.decodeReduction(JpegFrame.read(jpeg).orElseThrow())).isEqualTo(4);
      List<Detection> quarter = detector.detect(jpeg, LOW);
      DamageDetector.FrameDetections frameFound = detector.detectFrame(jpeg, LOW);
      assertThat(frameFound.width()).isEqualTo(3600);
      assertThat(frameFound.height()).isEqualTo(2400);
      Mat decoded = ImageDecoder.decodeJpeg(jpeg);
      List<Detection> fullSize = detector.detect(decoded, LOW);
      decoded.release();
      assertWellFormed(quarter, frame.cols(), frame.rows(), LOW, true);
      // the strongest detection is the pasted pothole, in full-size frame pixels, scored as the
      // full-size decoding scores it; the pothole spans four tiles, and their merged box shifts
      // with the small pixel differences between the decoder's shrink and INTER_AREA (IoU 0.74
      // here), so each box's centre lies inside the other
      Detection a = quarter.get(0);
      Detection b = fullSize.get(0);
      assertThat(a.className()).isEqualTo("D40");
      assertThat(b.className()).isEqualTo("D40");
      assertThat(a.confidence()).isCloseTo(b.confidence(), within(0.02));
      assertThat(contains(a.box(), centre(b.box()))).as("%s holds the centre of %s", a, b).isTrue();
      assertThat(contains(b.box(), centre(a.box()))).as("%s holds the centre of %s", b, a).isTrue();
      assertThat(contains(new PixelBox(1100, 700, 2380, 1980), centre(a.box()))).isTrue();
    } finally {
      encoded.release();
      frame.release();
      img.release();
    }
  }

  @Test
  void framesWhoseTilesShrinkByAnOddFactorAreDecodedAtFullSize() {
    // the 1024 px survey frame is one tile shrunk by 3: no power of two divides it
    assertThat(detector.decodeReduction(new JpegFrame(1024, 768))).isEqualTo(1);
    assertThat(detector.decodeReduction(new JpegFrame(5472, 3648))).isEqualTo(4);
    assertThat(detector.decodeReduction(new JpegFrame(1920, 1080))).isEqualTo(4);
    assertThat(detector.decodeReduction(new JpegFrame(640, 480))).isEqualTo(2);
  }

  @Test
  void detectUsesEachClasssOwnThreshold(@TempDir Path tmp) throws Exception {
    // nothing reaches the global 1.0 (a detection scores strictly above its threshold): only
    // potholes, at their own low threshold, are left
    Path dir = TestModel.copyWithServing(tmp, "threshold=1\nthreshold.D40=" + LOW + "\n");
    byte[] jpeg = Files.readAllBytes(TestModel.resource("reference/pothole-313-crop.jpg"));
    Mat img = fixture("pothole-313-crop.jpg");
    try (DamageDetector potholesOnly = DamageDetector.builder().setModelDir(dir).build()) {
      assertThat(potholesOnly.spec().classThresholds()).containsExactly(1.0, 1.0, 1.0, LOW);
      List<Detection> all = potholesOnly.detect(img, LOW);
      List<Detection> expected = all.stream().filter(d -> d.className().equals("D40")).toList();
      assertThat(expected).isNotEmpty();
      assertSame(potholesOnly.detect(img), expected);
      List<Detection> allFromJpeg = potholesOnly.detect(jpeg, LOW);
      assertSame(potholesOnly.detect(jpeg),
          allFromJpeg.stream().filter(d -> d.className().equals("D40")).toList());
    } finally {
      img.release();
    }
  }

  @Test
  void anExplicitThresholdAppliesToEveryClass(@TempDir Path tmp) throws Exception {
    Path dir = TestModel.copyWithServing(tmp, "threshold=1\nthreshold.D40=0.9\n");
    Mat img = fixture("pothole-313-crop.jpg");
    try (DamageDetector overridden = DamageDetector.builder().setModelDir(dir)
        .optThreshold(LOW).build()) {
      assertThat(overridden.spec().classThresholds()).containsOnly(LOW);
      assertSame(overridden.detect(img), detector.detect(img, LOW));
    } finally {
      img.release();
    }
  }

  @Test
  void refusesBytesThatAreNotAJpegBeforeRunningTheModel() {
    assertThatThrownBy(() -> detector.detect("not an image".getBytes()))
        .isInstanceOfSatisfying(CaptureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE));
  }

  @Test
  void namesTheMissingModelFile(@TempDir Path empty) {
    assertThatThrownBy(() -> DamageDetector.builder().setModelDir(empty).build())
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("roadscan-damage.pt");
  }

  private static void assertWellFormed(List<Detection> found, int w, int h, double threshold,
      boolean checkOverlap) {
    for (int i = 0; i < found.size(); i++) {
      Detection d = found.get(i);
      assertThat(d.className()).isEqualTo(detector.classNames().get(d.classIndex()));
      assertThat(d.confidence()).isGreaterThan(threshold);
      assertThat(d.box().x0()).isBetween(0.0, (double) w);
      assertThat(d.box().x1()).isBetween(0.0, (double) w);
      assertThat(d.box().y0()).isBetween(0.0, (double) h);
      assertThat(d.box().y1()).isBetween(0.0, (double) h);
      assertThat(d.box().area()).isPositive();
      if (i > 0) {
        assertThat(d.confidence()).isLessThanOrEqualTo(found.get(i - 1).confidence());
      }
      for (int j = 0; checkOverlap && j < i; j++) {
        Detection o = found.get(j);
        if (o.classIndex() == d.classIndex()) {
          assertThat(o.box().iou(d.box())).as("same-class overlap of %s and %s", o, d)
              .isLessThanOrEqualTo(detector.spec().nmsThreshold());
        }
      }
    }
  }

  private static void assertSame(List<Detection> actual, List<Detection> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      Detection x = actual.get(i);
      Detection y = expected.get(i);
      assertThat(x.classIndex()).isEqualTo(y.classIndex());
      assertThat(x.confidence()).isCloseTo(y.confidence(), within(1e-5));
      assertThat(x.box().x0()).isCloseTo(y.box().x0(), within(1e-3));
      assertThat(x.box().y1()).isCloseTo(y.box().y1(), within(1e-3));
    }
  }

  private static double[] centre(PixelBox b) {
    return new double[] {(b.x0() + b.x1()) / 2, (b.y0() + b.y1()) / 2};
  }

  private static boolean contains(PixelBox b, double[] p) {
    return p[0] >= b.x0() && p[0] <= b.x1() && p[1] >= b.y0() && p[1] <= b.y1();
  }

  private static double iou(PixelBox a, PixelBox b) {
    double w = Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0());
    double h = Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0());
    double inter = Math.max(0, w) * Math.max(0, h);
    return inter / (a.area() + b.area() - inter);
  }
}
