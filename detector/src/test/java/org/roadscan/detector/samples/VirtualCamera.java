package org.roadscan.detector.samples;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An ideal pinhole camera (no distortion, principal point at the image centre) above flat ground,
 * posed as {@link org.roadscan.detector.geo.CameraPose} defines it (DJI yaw/pitch, roll 0), in the
 * mosaic's local frame (metres east and north of the origin). Renders exactly: each pixel's ray
 * through its centre {@code (col + 0.5, row + 0.5)} meets the ground, which is sampled with a
 * filter matching the pixel's ground footprint. Above the horizon: sky. Immutable.
 *
 * @param eastM camera east of the origin, m
 * @param northM camera north of the origin, m
 * @param heightM camera above the ground, m
 * @param yawDeg heading of the optical axis (of the image's top edge at nadir), clockwise from north
 * @param pitchDeg 0 horizon, -90 nadir
 * @param focalPx focal length, px
 * @param widthPx image width
 * @param heightPx image height
 */
record VirtualCamera(double eastM, double northM, double heightM, double yawDeg, double pitchDeg,
    double focalPx, int widthPx, int heightPx) {

  /** Renders into a {@code TYPE_3BYTE_BGR} image of this camera's size. */
  void render(GroundMosaic ground, BufferedImage into) {
    byte[] bgr = ((DataBufferByte) into.getRaster().getDataBuffer()).getData();
    double yaw = Math.toRadians(yawDeg);
    double pitch = Math.toRadians(pitchDeg);
    // optical axis, image right, image down in east-north-up
    double[] f = {Math.cos(pitch) * Math.sin(yaw), Math.cos(pitch) * Math.cos(yaw), Math.sin(pitch)};
    double[] r = {Math.cos(yaw), -Math.sin(yaw), 0};
    double[] d = {f[1] * r[2] - f[2] * r[1], f[2] * r[0] - f[0] * r[2], f[0] * r[1] - f[1] * r[0]};
    double cx = widthPx / 2.0;
    double cy = heightPx / 2.0;
    for (int row = 0; row < heightPx; row++) {
      double y = (row + 0.5 - cy) / focalPx;
      for (int col = 0; col < widthPx; col++) {
        double x = (col + 0.5 - cx) / focalPx;
        double re = f[0] + x * r[0] + y * d[0];
        double rn = f[1] + x * r[1] + y * d[1];
        double ru = f[2] + x * r[2] + y * d[2];
        int i = 3 * (row * widthPx + col);
        int c;
        double norm = Math.sqrt(re * re + rn * rn + ru * ru);
        if (ru / norm < -0.002) {
          double t = heightM / -ru;
          // ground per pixel across the ray, stretched along it by 1/cos(incidence)
          double across = t * norm / focalPx;
          double footprint = across * Math.sqrt(norm / -ru);
          c = ground.sample(eastM + t * re, northM + t * rn, footprint);
        } else {
          double up = Math.max(0, ru / norm);
          c = GroundMosaic.pack(205 - 90 * up, 220 - 70 * up, 240 - 20 * up);
        }
        bgr[i] = (byte) (c & 0xff);
        bgr[i + 1] = (byte) ((c >> 8) & 0xff);
        bgr[i + 2] = (byte) ((c >> 16) & 0xff);
      }
    }
  }

  /** Metres of ground per pixel at the image centre (nadir: height / focal). */
  double groundSampleM() {
    return heightM / focalPx / Math.abs(Math.sin(Math.toRadians(pitchDeg)));
  }
}
