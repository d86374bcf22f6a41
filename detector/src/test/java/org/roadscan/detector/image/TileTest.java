package org.roadscan.detector.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TileTest {

  @Test
  void coversA20MegapixelFrameWithEvenlySpreadOverlappingTiles() {
    List<Tile> tiles = Tile.grid(5472, 3648, 1280, 256);
    List<Integer> xs = tiles.stream().map(Tile::x).distinct().sorted().toList();
    List<Integer> ys = tiles.stream().map(Tile::y).distinct().sorted().toList();
    assertThat(xs).hasSize(6).startsWith(0).endsWith(5472 - 1280);
    assertThat(ys).hasSize(4).startsWith(0).endsWith(3648 - 1280);
    assertThat(tiles).hasSize(24).allSatisfy(t -> {
      assertThat(t.width()).isEqualTo(1280);
      assertThat(t.height()).isEqualTo(1280);
    });
    for (int i = 1; i < xs.size(); i++) {
      assertThat(xs.get(i - 1) + 1280 - xs.get(i)).isGreaterThanOrEqualTo(256);
    }
    for (int i = 1; i < ys.size(); i++) {
      assertThat(ys.get(i - 1) + 1280 - ys.get(i)).isGreaterThanOrEqualTo(256);
    }
  }

  @Test
  void anImageSmallerThanATileIsOneTileOfItsOwnSize() {
    assertThat(Tile.grid(1000, 700, 1280, 256)).containsExactly(new Tile(0, 0, 1000, 700));
  }

  @Test
  void tellsWhichEdgesAreInsideTheImage() {
    Tile corner = new Tile(0, 0, 100, 100);
    Tile middle = new Tile(50, 50, 100, 100);
    assertThat(corner.innerEdges(200, 100)).containsExactly(false, false, true, false);
    assertThat(middle.innerEdges(300, 300)).containsExactly(true, true, true, true);
  }

  @Test
  void refusesAnOverlapAsLargeAsTheTile() {
    assertThatThrownBy(() -> Tile.grid(100, 100, 64, 64))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
