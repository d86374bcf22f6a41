package org.roadscan.detector.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

class AreaShrinkTest {

  @Test
  void choosesTheLargestFactorThatStaysAtOrAboveTheTarget() {
    assertThat(AreaShrink.factorFor(1280, 320)).isEqualTo(4);
    assertThat(AreaShrink.factorFor(5472, 320)).isEqualTo(17);
    assertThat(AreaShrink.factorFor(500, 320)).isEqualTo(1);
  }

  @Test
  void averagesBlocksAndDropsTheRemainderAtTheRightAndBottom() {
    OpenCvNatives.ensureLoaded();
    Mat src = new Mat(7, 10, CvType.CV_8UC3, new Scalar(0, 0, 0));
    Mat bright = src.submat(new Rect(0, 0, 3, 3));
    bright.setTo(new Scalar(90, 90, 90));
    bright.release();
    AreaShrink s = AreaShrink.of(src, 3);
    try {
      assertThat(s.width()).isEqualTo(3);
      assertThat(s.height()).isEqualTo(2);
      assertThat(s.image().get(0, 0)).containsExactly(90, 90, 90);
      assertThat(s.image().get(0, 1)).containsExactly(0, 0, 0);
    } finally {
      s.image().release();
      src.release();
    }
  }
}
