package org.roadscan.detector.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.PixelBox;

/** {@link PlateNetFinder#decode}: hand-built network outputs, no model. */
class PlateNetDecodeTest {

  private static final int GW = 8;
  private static final int GH = 6;

  /** Five planes of GW x GH: heat, log w, log h, dx, dy. */
  private static float[] output() {
    return new float[5 * GW * GH];
  }

  private static void cell(float[] v, int x, int y, float heat, double wPx, double hPx, float dx,
      float dy) {
    int plane = GW * GH;
    int i = y * GW + x;
    v[i] = heat;
    v[plane + i] = (float) Math.log(wPx / PlateNetFinder.STRIDE);
    v[2 * plane + i] = (float) Math.log(hPx / PlateNetFinder.STRIDE);
    v[3 * plane + i] = dx;
    v[4 * plane + i] = dy;
  }

  @Test
  void aPeakBecomesABoxCentredOnItsCellPlusOffset() {
    float[] v = output();
    cell(v, 3, 2, 0.9f, 40, 10, 0.5f, 0.25f);
    List<PrivacyRegion> found = PlateNetFinder.decode(v, GW, GH, 0.4, 32, 24, 0, 0, 1);
    assertThat(found).hasSize(1);
    PixelBox b = found.get(0).box();
    // centre (3.5, 2.25) cells = (14, 9) px; 40 x 10 px around it
    assertThat(b.x0()).isCloseTo(-6, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(b.x1()).isCloseTo(34, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(b.y0()).isCloseTo(4, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(b.y1()).isCloseTo(14, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(found.get(0).kind()).isEqualTo(PrivacyRegion.Kind.PLATE);
    assertThat(found.get(0).score()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void tileOffsetAndScaleMapTheBoxIntoTheFrame() {
    float[] v = output();
    cell(v, 1, 1, 0.8f, 8, 4, 0, 0);
    PixelBox b = PlateNetFinder.decode(v, GW, GH, 0.4, 32, 24, 100, 50, 2).get(0).box();
    // centre (4, 4) px in the tile, (104, 54) in the searched image, x2 in the frame
    assertThat(b.x0()).isCloseTo(200, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(b.y0()).isCloseTo(104, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(b.x1()).isCloseTo(216, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(b.y1()).isCloseTo(112, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void onlyLocalMaximaAboveTheThresholdCount() {
    float[] v = output();
    cell(v, 3, 2, 0.9f, 40, 10, 0, 0);
    cell(v, 4, 2, 0.7f, 40, 10, 0, 0); // beside a higher cell: not a peak
    cell(v, 7, 5, 0.3f, 40, 10, 0, 0); // a peak, but below the threshold
    assertThat(PlateNetFinder.decode(v, GW, GH, 0.4, 32, 24, 0, 0, 1)).hasSize(1);
    assertThat(PlateNetFinder.decode(v, GW, GH, 0.25, 32, 24, 0, 0, 1)).hasSize(2);
  }

  @Test
  void nanAndPaddingAndOverflowAreNotPlates() {
    float[] v = output();
    cell(v, 1, 1, Float.NaN, 40, 10, 0, 0);
    cell(v, 7, 1, 0.9f, 40, 10, 0.5f, 0); // centre at x 30 px: in the padding of a 28 px tile
    cell(v, 4, 4, 0.9f, 40, 10, 0, 0);
    int plane = GW * GH;
    v[plane + 4 * GW + 4] = 1e30f; // log width overflow: capped, stays finite
    List<PrivacyRegion> found = PlateNetFinder.decode(v, GW, GH, 0.4, 28, 24, 0, 0, 1);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).box().x1()).isLessThan(1e5);
  }
}
