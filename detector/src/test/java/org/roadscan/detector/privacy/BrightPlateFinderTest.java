package org.roadscan.detector.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.OpenCvNatives;

/**
 * {@link BrightPlateFinder}: drawn plates (straight, tilted, close), plain surfaces, a real Czech
 * plate, the run count.
 */
class BrightPlateFinderTest {

  static BrightPlateFinder finder;

  @BeforeAll
  static void load() {
    OpenCvNatives.ensureLoaded();
    finder = new BrightPlateFinder();
  }

  @AfterAll
  static void close() {
    finder.close();
  }

  /** A dark-grey car rear with a white 110x24 px plate carrying black characters at (200, 150). */
  static Mat drawnPlate() {
    Mat img = new Mat(400, 500, CvType.CV_8UC3, new Scalar(60, 60, 60));
    Imgproc.rectangle(img, new Point(200, 150), new Point(310, 174), new Scalar(235, 235, 235),
        -1);
    Imgproc.putText(img, "1AB 2345", new Point(205, 170), Imgproc.FONT_HERSHEY_SIMPLEX, 0.6,
        new Scalar(20, 20, 20), 2);
    return img;
  }

  @Test
  void findsADrawnPlate() {
    Mat img = drawnPlate();
    List<PrivacyRegion> found = finder.find(img);
    assertThat(found).anySatisfy(r -> {
      assertThat(r.kind()).isEqualTo(PrivacyRegion.Kind.PLATE);
      assertThat(r.score()).isEqualTo(BrightPlateFinder.SCORE);
      assertThat(r.box().iou(new PixelBox(200, 150, 311, 175))).isGreaterThan(0.5);
    });
    img.release();
  }

  @Test
  void findsATiltedPlate() {
    // the drawn plate turned 15 degrees: its axis-aligned box is too tall for a plate's aspect
    Mat img = drawnPlate();
    Mat turned = new Mat();
    Mat m = Imgproc.getRotationMatrix2D(new Point(255, 162), 15, 1);
    Imgproc.warpAffine(img, turned, m, img.size(), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
    Mat mask = RecallSet.blurredMask(finder.find(turned), turned.cols(), turned.rows());
    // the turned plate's axis-aligned hull
    assertThat(RecallSet.covered(mask, new PixelBox(199, 131, 312, 193)))
        .isGreaterThanOrEqualTo(RecallSet.COVERED);
    mask.release();
    m.release();
    turned.release();
    img.release();
  }

  @Test
  void findsAPlateTooTallForTheFinePass() {
    // a car close by: the drawn plate four times as large, 96 px tall in a 2000 px frame (48 px
    // in the fine pass, over MAX_HEIGHT_PX), found in a coarser pass
    Mat img = drawnPlate();
    Mat large = new Mat();
    Imgproc.resize(img, large, new Size(2000, 1600), 0, 0, Imgproc.INTER_CUBIC);
    assertThat(96 / PlateFinder.reduction(large)).isGreaterThan(BrightPlateFinder.MAX_HEIGHT_PX);
    Mat mask = RecallSet.blurredMask(finder.find(large), large.cols(), large.rows());
    assertThat(RecallSet.covered(mask, new PixelBox(800, 600, 1244, 700)))
        .isGreaterThanOrEqualTo(RecallSet.COVERED);
    mask.release();
    large.release();
    img.release();
  }

  @Test
  void aBlankPlateWithoutCharactersIsNotAPlate() {
    // the same bright rectangle without characters: a road marking, a sign's back
    Mat img = new Mat(400, 500, CvType.CV_8UC3, new Scalar(60, 60, 60));
    Imgproc.rectangle(img, new Point(200, 150), new Point(310, 174), new Scalar(235, 235, 235),
        -1);
    assertThat(finder.find(img)).isEmpty();
    img.release();
  }

  @Test
  void plainAndNoisySurfacesGiveNothing() {
    Mat grey = new Mat(300, 300, CvType.CV_8UC3, new Scalar(128, 128, 128));
    assertThat(finder.find(grey)).isEmpty();
    Mat noise = new Mat(300, 300, CvType.CV_8UC3);
    Core.randu(noise, 0, 256);
    assertThat(finder.find(noise)).isEmpty();
    grey.release();
    noise.release();
  }

  @Test
  void findsTheCzechPlateTheNetworkMisses() throws Exception {
    // recall set: Czech_000907.jpg, plate [42,385,69,393] (8 px tall), missed by LPD-YuNet
    Path file = Path.of(getClass().getResource("/privacy/recall/Czech_000907.jpg").toURI());
    Mat img = ImageDecoder.decodeJpeg(Files.readAllBytes(file));
    Mat mask = RecallSet.blurredMask(finder.find(img), img.cols(), img.rows());
    assertThat(RecallSet.covered(mask, new PixelBox(42, 385, 69, 393)))
        .isGreaterThanOrEqualTo(RecallSet.COVERED);
    mask.release();
    img.release();
  }

  @Test
  void countsDarkRunsAcrossTheMiddleRows() {
    Mat bin = new Mat(9, 12, CvType.CV_8UC1, new Scalar(255));
    for (int x : new int[] {1, 4, 7, 10}) {
      Imgproc.line(bin, new Point(x, 2), new Point(x, 6), new Scalar(0));
    }
    assertThat(BrightPlateFinder.medianDarkRuns(bin)).isEqualTo(4);
    Mat stripe = new Mat(9, 12, CvType.CV_8UC1, new Scalar(255));
    Imgproc.line(stripe, new Point(0, 4), new Point(11, 4), new Scalar(0));
    assertThat(BrightPlateFinder.medianDarkRuns(stripe)).isLessThan(2);
    bin.release();
    stripe.release();
  }
}
