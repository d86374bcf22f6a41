package org.roadscan.detector.image;

import java.util.ArrayList;
import java.util.List;

/**
 * A rectangular window of a larger image, in that image's pixels. Immutable.
 *
 * @param x left edge, px
 * @param y top edge, px
 * @param width width, px
 * @param height height, px
 */
public record Tile(int x, int y, int width, int height) {

  public Tile {
    if (x < 0 || y < 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException("invalid tile " + x + "," + y + " " + width + "x" + height);
    }
  }

  /**
   * Covers a {@code imageWidth x imageHeight} image with square tiles of side {@code tileSize}
   * (clipped to the image where it is smaller), neighbours overlapping by at least
   * {@code overlap} px. Tiles are spread evenly, so the last row and column end exactly at the
   * image border and the actual overlap is usually larger than asked. Row-major order.
   *
   * @param tileSize tile side, px, positive
   * @param overlap minimum overlap between neighbours, px, {@code 0 <= overlap < tileSize}
   */
  public static List<Tile> grid(int imageWidth, int imageHeight, int tileSize, int overlap) {
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException("image must not be empty");
    }
    if (tileSize <= 0 || overlap < 0 || overlap >= tileSize) {
      throw new IllegalArgumentException(
          "need 0 <= overlap < tileSize, got " + overlap + " and " + tileSize);
    }
    int[] xs = starts(imageWidth, tileSize, overlap);
    int[] ys = starts(imageHeight, tileSize, overlap);
    int tw = Math.min(tileSize, imageWidth);
    int th = Math.min(tileSize, imageHeight);
    List<Tile> tiles = new ArrayList<>(xs.length * ys.length);
    for (int y : ys) {
      for (int x : xs) {
        tiles.add(new Tile(x, y, tw, th));
      }
    }
    return tiles;
  }

  private static int[] starts(int length, int tile, int overlap) {
    if (length <= tile) {
      return new int[] {0};
    }
    int stride = tile - overlap;
    int n = (int) Math.ceil((double) (length - tile) / stride) + 1;
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = (int) Math.round((double) i * (length - tile) / (n - 1));
    }
    return s;
  }

  /** Whether the tile's edges lie inside the image (not on its border): left, top, right, bottom. */
  public boolean[] innerEdges(int imageWidth, int imageHeight) {
    return new boolean[] {x > 0, y > 0, x + width < imageWidth, y + height < imageHeight};
  }
}
