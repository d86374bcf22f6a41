package org.roadscan.detector.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Rect;

/** Tiles cover the frame, share one size, and hold every object up to the overlap whole. */
class TileGridTest {

  @Test
  void aFrameThatFitsIsOneTileOfItsOwnSize() {
    assertThat(new TileGrid(640, 160).tiles(600, 400)).singleElement()
        .satisfies(t -> assertThat(new int[] {t.x, t.y, t.width, t.height})
            .containsExactly(0, 0, 600, 400));
  }

  @Test
  void tilesShareOneSizeCoverTheFrameAndHoldEveryObjectUpToTheOverlap() {
    TileGrid grid = new TileGrid(640, 160);
    for (int[] frame : new int[][] {{2000, 1500}, {1280, 720}, {641, 2000}, {4000, 3000}}) {
      List<Rect> tiles = grid.tiles(frame[0], frame[1]);
      Rect first = tiles.get(0);
      assertThat(first.width).isLessThanOrEqualTo(640);
      assertThat(first.height).isLessThanOrEqualTo(640);
      assertThat(tiles).allSatisfy(t -> {
        assertThat(t.width).isEqualTo(first.width);
        assertThat(t.height).isEqualTo(first.height);
        assertThat(t.x >= 0 && t.y >= 0 && t.x + t.width <= frame[0]
            && t.y + t.height <= frame[1]).as("inside the frame: " + t).isTrue();
      });
      // every 160 x 160 object, at a 7 px stride of positions, lies wholly in some tile
      for (int y = 0; y + 160 <= frame[1]; y += 7) {
        for (int x = 0; x + 160 <= frame[0]; x += 7) {
          int ox = x;
          int oy = y;
          assertThat(tiles).as("object at %d,%d in %dx%d", x, y, frame[0], frame[1])
              .anyMatch(t -> t.x <= ox && t.y <= oy && ox + 160 <= t.x + t.width
                  && oy + 160 <= t.y + t.height);
        }
      }
    }
  }

  @Test
  void tilesShareALongSideEvenly() {
    // 2000 px: four tiles (three of 640 px overlapping 160 px reach only 1600), 620 px each
    assertThat(new TileGrid(640, 160).tiles(2000, 600)).extracting(t -> t.x + "+" + t.width)
        .containsExactly("0+620", "460+620", "920+620", "1380+620");
  }

  @Test
  void refusesAnOverlapOverHalfATile() {
    assertThatThrownBy(() -> new TileGrid(100, 51)).isInstanceOf(IllegalArgumentException.class);
  }
}
