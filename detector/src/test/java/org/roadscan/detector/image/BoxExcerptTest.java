package org.roadscan.detector.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.BoxExcerpt.Options;
import org.roadscan.detector.image.BoxExcerpt.View;
import org.roadscan.detector.testing.TestModel;

/** Excerpts of real sample photos: their size, and the outline's colour after JPEG encoding. */
class BoxExcerptTest {

  /** 640 x 640 street photo with one large pothole in its lower half. */
  private static final String POTHOLE = "gelsenkirchen-bochumer-str-pothole.jpg";
  /** 4000 x 3000 drone frame. */
  private static final String DRONE = "caliterra-aerial-nadir-djixmp.jpg";

  private static byte[] sample(String name) throws Exception {
    return Files.readAllBytes(TestModel.sampleImage(name));
  }

  @Test
  void anExcerptReachesTheBoxSizeBeyondEachSideAndOutlinesItInAmber() throws Exception {
    PixelBox box = new PixelBox(200, 300, 400, 450);

    Mat picture = ImageDecoder.decodeJpeg(BoxExcerpt.render(sample(POTHOLE), box,
        new Options(View.BOX, 640)));

    try {
      // x 200 - 200 .. 400 + 200, y 300 - 150 .. 450 + 150 (clipped at 640): not scaled
      assertThat(picture.cols()).isEqualTo(600);
      assertThat(picture.rows()).isEqualTo(450);
      // the box sits at (200, 150) .. (400, 300) in the excerpt; the outline just outside it
      assertAmber(picture, 148, 300); // top band, rows 147..149
      assertAmber(picture, 301, 300); // bottom band, rows 300..302
      assertAmber(picture, 225, 198); // left band, columns 197..199
      assertAmber(picture, 225, 401); // right band, columns 400..402
      assertThat(isAmber(picture, 225, 300)).as("the damage itself is not painted").isFalse();
    } finally {
      picture.release();
    }
  }

  @Test
  void anExcerptIsScaledToTheRequestedLongerSide() throws Exception {
    PixelBox box = new PixelBox(200, 300, 400, 450);

    Mat picture = ImageDecoder.decodeJpeg(BoxExcerpt.render(sample(POTHOLE), box,
        new Options(View.BOX, 320)));

    try {
      assertThat(picture.cols()).isEqualTo(320);
      assertThat(picture.rows()).isEqualTo(240);
      // box at (200, 150) .. (400, 300) of 600 x 450, scaled by 320 / 600: top edge at row 80
      assertAmber(picture, 78, 160);
    } finally {
      picture.release();
    }
  }

  @Test
  void aSmallBoxGetsTheLeastMarginAndABoxAtTheEdgeIsOutlinedInside() throws Exception {
    PixelBox box = new PixelBox(0, 10, 20, 30);

    Mat picture = ImageDecoder.decodeJpeg(BoxExcerpt.render(sample(POTHOLE), box,
        new Options(View.BOX, 640)));

    try {
      assertThat(picture.cols()).isEqualTo(20 + BoxExcerpt.MIN_MARGIN_PX);
      assertThat(picture.rows()).isEqualTo(10 + 20 + BoxExcerpt.MIN_MARGIN_PX);
      assertAmber(picture, 20, 1); // left band moved inside the image: columns 0..2
    } finally {
      picture.release();
    }
  }

  @Test
  void theFrameViewShowsTheWholeDroneFrameDecodedReduced() throws Exception {
    byte[] drone = sample(DRONE);
    JpegFrame stored = JpegFrame.read(drone).orElseThrow();
    PixelBox box = new PixelBox(1800, 1400, 2000, 1560);
    Options frame = new Options(View.FRAME, 1600);

    Mat picture = ImageDecoder.decodeJpeg(BoxExcerpt.render(drone, box, frame));

    try {
      assertThat(picture.cols()).isEqualTo(1600);
      assertThat(picture.rows()).isEqualTo(1200);
      // scale 0.4: the box's top edge at row 560, columns 720 .. 800
      assertAmber(picture, 558, 760);
    } finally {
      picture.release();
    }
    // 4000 px at 1/2 is 2000 >= 1600; at 1/4, 1000 would be too few
    assertThat(BoxExcerpt.reduction(stored, box, frame)).isEqualTo(2);
    assertThat(BoxExcerpt.reduction(stored, box, new Options(View.FRAME, 640))).isEqualTo(4);
    // the excerpt (600 x 480 px of the frame) needs every pixel for 640, half of them for 256
    assertThat(BoxExcerpt.reduction(stored, box, new Options(View.BOX, 640))).isEqualTo(1);
    assertThat(BoxExcerpt.reduction(stored, box, new Options(View.BOX, 256))).isEqualTo(2);
  }

  @Test
  void anExcerptOfTheDroneFrameAtAReducedDecodingKeepsTheBoxInPlace() throws Exception {
    PixelBox box = new PixelBox(1800, 1400, 2000, 1560);

    Mat picture = ImageDecoder.decodeJpeg(BoxExcerpt.render(sample(DRONE), box,
        new Options(View.BOX, 256)));

    try {
      // 600 x 480 px of the frame (decoded at 1/2: 300 x 240), scaled to 256 x 205
      assertThat(picture.cols()).isEqualTo(256);
      assertThat(picture.rows()).isBetween(204, 205);
      // box at (200, 160) .. (400, 320) of the excerpt, scaled by 256 / 600: top edge row 68
      assertAmber(picture, 66, 128);
      assertAmber(picture, 100, 84); // left band: box edge at column 85
    } finally {
      picture.release();
    }
  }

  @Test
  void aBoxOutsideTheImageAndBytesThatAreNoJpegAreRefused() throws Exception {
    byte[] pothole = sample(POTHOLE);
    assertThatThrownBy(() -> BoxExcerpt.render(pothole, new PixelBox(900, 900, 950, 950),
        new Options(View.BOX, 640))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BoxExcerpt.render(new byte[] {1, 2, 3}, new PixelBox(0, 0, 1, 1),
        new Options(View.BOX, 640))).isInstanceOf(CaptureException.class);
    assertThatThrownBy(() -> new Options(View.BOX, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertAmber(Mat picture, int row, int col) {
    double[] bgr = picture.get(row, col);
    assertThat(isAmber(picture, row, col))
        .as("pixel (row %d, col %d) BGR %.0f/%.0f/%.0f is the outline's amber", row, col,
            bgr[0], bgr[1], bgr[2])
        .isTrue();
  }

  /** Within JPEG noise of {@link BoxExcerpt#OUTLINE_RGB} (255, 192, 0). */
  private static boolean isAmber(Mat picture, int row, int col) {
    double[] bgr = picture.get(row, col);
    int r = (BoxExcerpt.OUTLINE_RGB >> 16) & 0xFF;
    int g = (BoxExcerpt.OUTLINE_RGB >> 8) & 0xFF;
    int b = BoxExcerpt.OUTLINE_RGB & 0xFF;
    return Math.abs(bgr[2] - r) <= 30 && Math.abs(bgr[1] - g) <= 30 && Math.abs(bgr[0] - b) <= 40;
  }
}
