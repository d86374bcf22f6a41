package org.roadscan.detector;

/**
 * An axis-aligned box in image pixels of the original (full-resolution) image: x to the right,
 * y down, origin at the top-left corner of the top-left pixel. Immutable.
 */
public record PixelBox(double x0, double y0, double x1, double y1) {
  public PixelBox {
    if (!(x1 >= x0 && y1 >= y0) || !Double.isFinite(x0) || !Double.isFinite(y0)
        || !Double.isFinite(x1) || !Double.isFinite(y1)) {
      throw new IllegalArgumentException("invalid box " + x0 + "," + y0 + "," + x1 + "," + y1);
    }
  }

  public double width() {
    return x1 - x0;
  }

  public double height() {
    return y1 - y0;
  }

  public double area() {
    return width() * height();
  }

  public double centerX() {
    return (x0 + x1) / 2;
  }

  public double centerY() {
    return (y0 + y1) / 2;
  }

  /** Intersection over union; 0 when the boxes do not overlap. */
  public double iou(PixelBox o) {
    double iw = Math.min(x1, o.x1) - Math.max(x0, o.x0);
    double ih = Math.min(y1, o.y1) - Math.max(y0, o.y0);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter / (area() + o.area() - inter);
  }
}
