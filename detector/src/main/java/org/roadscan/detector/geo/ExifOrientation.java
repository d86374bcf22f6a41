package org.roadscan.detector.geo;

import org.roadscan.detector.PixelBox;

/**
 * The eight EXIF Orientation values: how the stored pixels are turned for display. Boxes come from
 * the decoded image, which has the orientation applied (displayed frame); camera intrinsics and
 * DJI gimbal angles describe the sensor (stored frame). This type maps between the two.
 *
 * <p>Pixel coordinates are continuous, origin at the top-left corner (as {@link PixelBox}); a
 * stored image is {@code W x H} pixels; for values 5..8 the displayed image is {@code H x W}.
 */
public enum ExifOrientation {
  /** 1: stored upright. */
  NORMAL(1, 0, false),
  /** 2: mirrored left-right. */
  MIRROR_HORIZONTAL(2, 0, true),
  /** 3: turned by 180°. */
  ROTATE_180(3, 180, false),
  /** 4: mirrored top-bottom. */
  MIRROR_VERTICAL(4, 180, true),
  /** 5: mirrored along the top-left to bottom-right diagonal. */
  TRANSPOSE(5, 90, true),
  /** 6: the stored image must be turned 90° clockwise for display (phone held upright). */
  ROTATE_90_CW(6, 90, false),
  /** 7: mirrored along the other diagonal. */
  TRANSVERSE(7, -90, true),
  /** 8: the stored image must be turned 90° counter-clockwise for display. */
  ROTATE_90_CCW(8, -90, false);

  private final int exifValue;
  private final double rollDeg;
  private final boolean mirrored;

  ExifOrientation(int exifValue, double rollDeg, boolean mirrored) {
    this.exifValue = exifValue;
    this.rollDeg = rollDeg;
    this.mirrored = mirrored;
  }

  /** The orientation of an EXIF value; null and values outside 1..8 mean {@link #NORMAL}. */
  public static ExifOrientation of(Integer exifValue) {
    if (exifValue == null) {
      return NORMAL;
    }
    for (ExifOrientation o : values()) {
      if (o.exifValue == exifValue) {
        return o;
      }
    }
    return NORMAL;
  }

  public int exifValue() {
    return exifValue;
  }

  /** Whether display mirrors the image (then no camera rotation turns one frame into the other). */
  public boolean mirrored() {
    return mirrored;
  }

  /**
   * Roll, degrees, to add to a pose given for the displayed image to get the pose of the stored
   * image (rotation about the optical axis, positive turning the image's right side down). Only
   * meaningful when not {@link #mirrored()}.
   */
  public double storedRollOffsetDeg() {
    return rollDeg;
  }

  /** Whether display swaps width and height. */
  public boolean swapsAxes() {
    return exifValue >= 5;
  }

  /**
   * A displayed-frame point in the stored frame.
   *
   * @param xPx x in the displayed image
   * @param yPx y in the displayed image
   * @param storedWidthPx W, width of the stored image
   * @param storedHeightPx H, height of the stored image
   * @return {x, y} in the stored image
   */
  public double[] toStored(double xPx, double yPx, int storedWidthPx, int storedHeightPx) {
    double w = storedWidthPx;
    double h = storedHeightPx;
    return switch (this) {
      case NORMAL -> new double[] {xPx, yPx};
      case MIRROR_HORIZONTAL -> new double[] {w - xPx, yPx};
      case ROTATE_180 -> new double[] {w - xPx, h - yPx};
      case MIRROR_VERTICAL -> new double[] {xPx, h - yPx};
      case TRANSPOSE -> new double[] {yPx, xPx};
      case ROTATE_90_CW -> new double[] {yPx, h - xPx};
      case TRANSVERSE -> new double[] {w - yPx, h - xPx};
      case ROTATE_90_CCW -> new double[] {w - yPx, xPx};
    };
  }

  /** A displayed-frame box in the stored frame (still axis-aligned). */
  public PixelBox toStored(PixelBox box, int storedWidthPx, int storedHeightPx) {
    double[] a = toStored(box.x0(), box.y0(), storedWidthPx, storedHeightPx);
    double[] b = toStored(box.x1(), box.y1(), storedWidthPx, storedHeightPx);
    return new PixelBox(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]),
        Math.max(a[1], b[1]));
  }
}
