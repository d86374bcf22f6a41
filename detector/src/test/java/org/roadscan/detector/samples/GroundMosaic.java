package org.roadscan.detector.samples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * An orthophoto-like ground texture in a local metric frame: an east-west road (asphalt noise,
 * German lane markings, gravel shoulders, grass verges) with real pothole photos pasted at known
 * positions. Pixel (col, row) of level 0 covers east {@code eastMinM + col·m} .. {@code +m}, north
 * {@code northMaxM − row·m} .. {@code −m}, with {@code m = }{@link #SAMPLE_M}; coarser levels
 * (a mip pyramid, 2×2 box averages) serve cameras whose pixels cover more ground.
 *
 * <p>Deterministic: the same seed and potholes give the same pixels. Not thread-safe while it is
 * being built; read-only (and thread-safe) afterwards.
 */
final class GroundMosaic {

  /** Metres of ground per level-0 pixel. */
  static final double SAMPLE_M = 0.005;
  /** The road's half width, metres (two 3.5 m lanes). */
  static final double ROAD_HALF_WIDTH_M = 3.5;

  /** A pasted pothole: a crop of a photo whose box is stretched onto a ground rectangle. */
  record Pothole(String id, String crop, double eastM, double northM, double acrossM,
      double alongM, double boxX0, double boxY0, double boxX1, double boxY1, String source) {
    double sizeM() {
      return Math.max(acrossM, alongM);
    }
  }

  private final double eastMinM;
  private final double northMaxM;
  private final int[][] levels;
  private final int[] widths;
  private final int[] heights;
  private final int asphaltMean;
  private final int grassMean;

  private GroundMosaic(double eastMinM, double northMaxM, int[][] levels, int[] widths,
      int[] heights, int asphaltMean, int grassMean) {
    this.eastMinM = eastMinM;
    this.northMaxM = northMaxM;
    this.levels = levels;
    this.widths = widths;
    this.heights = heights;
    this.asphaltMean = asphaltMean;
    this.grassMean = grassMean;
  }

  /**
   * Draws the road from {@code eastMinM} to {@code eastMaxM} and {@code ±halfHeightM} north/south
   * and pastes the potholes.
   */
  static GroundMosaic build(double eastMinM, double eastMaxM, double halfHeightM, long seed,
      List<Pothole> potholes) throws IOException {
    int w = (int) Math.round((eastMaxM - eastMinM) / SAMPLE_M);
    int h = (int) Math.round(2 * halfHeightM / SAMPLE_M);
    int[] rgb = new int[w * h];
    Noise noise = new Noise(seed);
    java.util.SplittableRandom grain = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int row = 0; row < h; row++) {
      double n = halfHeightM - (row + 0.5) * SAMPLE_M;
      double an = Math.abs(n);
      for (int col = 0; col < w; col++) {
        double e = eastMinM + (col + 0.5) * SAMPLE_M;
        int idx = row * w + col;
        double g = grain.nextDouble() - 0.5;
        if (an <= ROAD_HALF_WIDTH_M) {
          double v = 102 + 10 * noise.at(e / 2.0, n / 2.0) + 7 * noise.at(e / 0.35, n / 0.35)
              + 5 * noise.at(e / 0.06, n / 0.06) + 34 * g * Math.abs(g) * 2;
          double r = v, gg = v, b = v + 3;
          if (marking(e, n)) {
            double m = 205 + 10 * noise.at(e / 0.2, n / 0.2) + 20 * g;
            r = m;
            gg = m;
            b = m - 4;
          }
          rgb[idx] = pack(r, gg, b);
        } else if (an <= ROAD_HALF_WIDTH_M + 0.45) {
          double v = 128 + 12 * noise.at(e / 0.3, n / 0.3) + 50 * g;
          rgb[idx] = pack(v + 8, v + 2, v - 10);
        } else {
          // mown grass: fine grain and gentle patches (dark blotches read as potholes)
          double patch = noise.at(e / 3.0, n / 3.0);
          double v = 1 + 0.08 * patch + 0.05 * noise.at(e / 0.3, n / 0.3) + 0.3 * g;
          rgb[idx] = pack(72 * v + 6 * patch, 108 * v, 50 * v);
        }
      }
    }
    for (Pothole p : potholes) {
      paste(rgb, w, h, eastMinM, halfHeightM, p);
    }
    int count = 1;
    while ((w >> count) >= 64 && (h >> count) >= 16) {
      count++;
    }
    int[][] levels = new int[count][];
    int[] widths = new int[count];
    int[] heights = new int[count];
    levels[0] = rgb;
    widths[0] = w;
    heights[0] = h;
    for (int k = 1; k < count; k++) {
      widths[k] = widths[k - 1] / 2;
      heights[k] = heights[k - 1] / 2;
      levels[k] = halve(levels[k - 1], widths[k - 1], widths[k], heights[k]);
    }
    int top = count - 1;
    int asphalt = levels[top][(heights[top] / 2) * widths[top] + widths[top] / 2];
    int grass = levels[top][widths[top] / 2];
    return new GroundMosaic(eastMinM, halfHeightM, levels, widths, heights, asphalt, grass);
  }

  /** Edge lines 0.12 m wide, 0.2 m inside the road edge; a dashed centre line, 3 m on, 6 m off. */
  private static boolean marking(double eastM, double northM) {
    double an = Math.abs(northM);
    if (an >= ROAD_HALF_WIDTH_M - 0.32 && an <= ROAD_HALF_WIDTH_M - 0.20) {
      return true;
    }
    return an <= 0.06 && Math.floorMod((long) Math.floor(eastM * 100), 900) < 300;
  }

  /**
   * Pastes a crop: its labelled box is stretched onto the pothole's ground rectangle (crop x →
   * south, crop y → west, so that a camera heading east sees the photo the right way up), blended
   * through a feathered ellipse, its surroundings matched in mean colour to the asphalt.
   */
  private static void paste(int[] rgb, int w, int h, double eastMinM, double northMaxM,
      Pothole p) throws IOException {
    BufferedImage crop;
    try (InputStream in = GroundMosaic.class.getResourceAsStream("/samples/potholes/" + p.crop())) {
      if (in == null) {
        throw new IOException("missing resource samples/potholes/" + p.crop());
      }
      crop = ImageIO.read(in);
    }
    double boxW = p.boxX1() - p.boxX0();
    double boxH = p.boxY1() - p.boxY0();
    double cropCx = (p.boxX0() + p.boxX1()) / 2;
    double cropCy = (p.boxY0() + p.boxY1()) / 2;
    // crop pixels per ground metre, across (north-south) and along (east-west)
    double sx = boxW / p.acrossM();
    double sy = boxH / p.alongM();
    double outer = 1.35;
    int c0 = (int) Math.floor((p.eastM() - outer * p.alongM() / 2 - eastMinM) / SAMPLE_M);
    int c1 = (int) Math.ceil((p.eastM() + outer * p.alongM() / 2 - eastMinM) / SAMPLE_M);
    int r0 = (int) Math.floor((northMaxM - p.northM() - outer * p.acrossM() / 2) / SAMPLE_M);
    int r1 = (int) Math.ceil((northMaxM - p.northM() + outer * p.acrossM() / 2) / SAMPLE_M);
    // mean colour of the ring around the box, in the crop and on the asphalt under it
    double[] cropRing = new double[4];
    double[] groundRing = new double[4];
    double[] offset = new double[3];
    for (int pass = 0; pass < 2; pass++) {
      for (int row = Math.max(0, r0); row < Math.min(h, r1); row++) {
        double n = northMaxM - (row + 0.5) * SAMPLE_M;
        for (int col = Math.max(0, c0); col < Math.min(w, c1); col++) {
          double e = eastMinM + (col + 0.5) * SAMPLE_M;
          double u = (p.northM() - n) / (p.acrossM() / 2);
          double v = (p.eastM() - e) / (p.alongM() / 2);
          double rho = Math.hypot(u, v);
          double x = cropCx + u * p.acrossM() / 2 * sx;
          double y = cropCy + v * p.alongM() / 2 * sy;
          if (rho > outer || x < 0 || y < 0 || x >= crop.getWidth() || y >= crop.getHeight()) {
            continue;
          }
          int c = crop.getRGB((int) x, (int) y);
          int idx = row * w + col;
          if (pass == 0) {
            if (rho > 1.05) {
              accumulate(cropRing, c);
              accumulate(groundRing, rgb[idx]);
            }
            continue;
          }
          double alpha = rho <= 1.0 ? 1 : rho >= outer ? 0 : 0.5 + 0.5 * Math.cos(
              Math.PI * (rho - 1.0) / (outer - 1.0));
          int g = rgb[idx];
          double[] out = new double[3];
          for (int ch = 0; ch < 3; ch++) {
            int shift = 16 - 8 * ch;
            double shifted = ((c >> shift) & 0xff) + offset[ch];
            out[ch] = alpha * shifted + (1 - alpha) * ((g >> shift) & 0xff);
          }
          rgb[idx] = pack(out[0], out[1], out[2]);
        }
      }
      if (pass == 0 && cropRing[3] > 0) {
        for (int ch = 0; ch < 3; ch++) {
          offset[ch] = (groundRing[ch] - cropRing[ch]) / cropRing[3];
        }
      }
    }
  }

  private static void accumulate(double[] sum, int c) {
    sum[0] += (c >> 16) & 0xff;
    sum[1] += (c >> 8) & 0xff;
    sum[2] += c & 0xff;
    sum[3]++;
  }

  private static int[] halve(int[] src, int srcW, int w, int h) {
    int[] dst = new int[w * h];
    for (int row = 0; row < h; row++) {
      int a = 2 * row * srcW;
      int b = a + srcW;
      for (int col = 0; col < w; col++) {
        int c00 = src[a + 2 * col];
        int c01 = src[a + 2 * col + 1];
        int c10 = src[b + 2 * col];
        int c11 = src[b + 2 * col + 1];
        int r = (((c00 >> 16) & 0xff) + ((c01 >> 16) & 0xff) + ((c10 >> 16) & 0xff)
            + ((c11 >> 16) & 0xff) + 2) >> 2;
        int g = (((c00 >> 8) & 0xff) + ((c01 >> 8) & 0xff) + ((c10 >> 8) & 0xff)
            + ((c11 >> 8) & 0xff) + 2) >> 2;
        int bl = ((c00 & 0xff) + (c01 & 0xff) + (c10 & 0xff) + (c11 & 0xff) + 2) >> 2;
        dst[row * w + col] = (r << 16) | (g << 8) | bl;
      }
    }
    return dst;
  }

  static int pack(double r, double g, double b) {
    return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /**
   * The ground colour around a point, filtered for a camera pixel that covers {@code footprintM}
   * of ground (trilinear over the pyramid). Beyond the mosaic: the road's or the verge's mean.
   *
   * @return packed 0xRRGGBB
   */
  int sample(double eastM, double northM, double footprintM) {
    double level = Math.log(Math.max(footprintM, SAMPLE_M) / SAMPLE_M) / Math.log(2);
    int k0 = Math.min((int) Math.floor(level), levels.length - 1);
    double t = Math.min(level - k0, 1);
    if (k0 == levels.length - 1) {
      t = 0;
    }
    double[] a = bilinear(k0, eastM, northM);
    if (t > 0) {
      double[] b = bilinear(k0 + 1, eastM, northM);
      for (int ch = 0; ch < 3; ch++) {
        a[ch] = a[ch] * (1 - t) + b[ch] * t;
      }
    }
    return pack(a[0], a[1], a[2]);
  }

  private double[] bilinear(int k, double eastM, double northM) {
    double m = SAMPLE_M * (1 << k);
    double x = (eastM - eastMinM) / m - 0.5;
    double y = (northMaxM - northM) / m - 0.5;
    int w = widths[k];
    int h = heights[k];
    if (x < 0 || y < 0 || x > w - 1 || y > h - 1) {
      int c = Math.abs(northM) <= ROAD_HALF_WIDTH_M ? asphaltMean : grassMean;
      return new double[] {(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff};
    }
    int x0 = Math.min((int) x, w - 2);
    int y0 = Math.min((int) y, h - 2);
    double fx = x - x0;
    double fy = y - y0;
    int[] px = levels[k];
    int c00 = px[y0 * w + x0];
    int c01 = px[y0 * w + x0 + 1];
    int c10 = px[(y0 + 1) * w + x0];
    int c11 = px[(y0 + 1) * w + x0 + 1];
    double[] out = new double[3];
    for (int ch = 0; ch < 3; ch++) {
      int s = 16 - 8 * ch;
      double top = ((c00 >> s) & 0xff) * (1 - fx) + ((c01 >> s) & 0xff) * fx;
      double bottom = ((c10 >> s) & 0xff) * (1 - fx) + ((c11 >> s) & 0xff) * fx;
      out[ch] = top * (1 - fy) + bottom * fy;
    }
    return out;
  }

  /** Smooth value noise in -1..1 on an integer lattice, hashed from a seed. */
  static final class Noise {
    private final long seed;

    Noise(long seed) {
      this.seed = seed;
    }

    double at(double x, double y) {
      int xi = (int) Math.floor(x);
      int yi = (int) Math.floor(y);
      double fx = x - xi;
      double fy = y - yi;
      double sx = fx * fx * (3 - 2 * fx);
      double sy = fy * fy * (3 - 2 * fy);
      double a = lattice(xi, yi);
      double b = lattice(xi + 1, yi);
      double c = lattice(xi, yi + 1);
      double d = lattice(xi + 1, yi + 1);
      return (a * (1 - sx) + b * sx) * (1 - sy) + (c * (1 - sx) + d * sx) * sy;
    }

    private double lattice(int x, int y) {
      long hsh = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
      hsh ^= hsh >>> 33;
      hsh *= 0xff51afd7ed558ccdL;
      hsh ^= hsh >>> 33;
      hsh *= 0xc4ceb9fe1a85ec53L;
      hsh ^= hsh >>> 33;
      return ((hsh >>> 11) * 0x1.0p-53) * 2 - 1;
    }
  }
}
