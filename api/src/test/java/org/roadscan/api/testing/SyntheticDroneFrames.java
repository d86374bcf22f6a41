package org.roadscan.api.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.Detection;
import org.roadscan.detector.Observation;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.geo.BoxPlacement;
import org.roadscan.detector.geo.GeoPoint;
import org.roadscan.detector.geo.GeoreferenceOp;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;
import org.roadscan.detector.testing.SyntheticJpeg;

/**
 * Drone captures with exact ground truth for register tests: a real 4000 x 3000 JPEG with EXIF GPS
 * and DJI XMP ({@code RelativeAltitude}, {@code GimbalPitchDegree}, {@code GimbalYawDegree}, roll 0,
 * a DJI calibrated lens), read by the production {@link MetadataReader} and placed box by box by
 * {@link GeoreferenceOp}, as a job does (without the model: the boxes are given).
 *
 * <p>Truth: damages are points on flat ground given in metres east and north of {@link
 * TestCaptures}' origin (WGS84 by geodesics). Each box is centred on the pixel that sees its
 * damage, computed by a look-at camera model written here, independently of the production
 * projector (north-east-down axes, forward {@code (cos p cos y, cos p sin y, -sin p)}, right
 * {@code (-sin y, cos y, 0)}, down = forward × right). The frame's GPS is written off the true
 * camera position by a chosen error, which every box of the frame shares: a box lands at its
 * damage's true position plus that error.
 */
public final class SyntheticDroneFrames {

  /** DJI CalibratedFocalLength, pixels, and CalibratedOpticalCenterX/Y. */
  static final double FOCAL_PX = 2900.5;
  static final double CX = 2010.25;
  static final double CY = 1489.5;
  static final int WIDTH_PX = 4000;
  static final int HEIGHT_PX = 3000;

  private SyntheticDroneFrames() {
  }

  /** A damage on the ground: metres east and north of the origin, its size in metres. */
  public record Truth(String className, double eastM, double northM, double sizeM) {
  }

  /**
   * One drone frame. The camera looks at the ground point ({@code aimEastM}, {@code aimNorthM})
   * from {@code heightM} with the given pitch and yaw; its GPS is off by ({@code gpsErrorEastM},
   * {@code gpsErrorNorthM}) metres.
   */
  public record Frame(double aimEastM, double aimNorthM, double heightM, double pitchDeg,
      double yawDeg, double gpsErrorEastM, double gpsErrorNorthM, Instant takenAt) {

    /** The true camera position, metres east and north of the origin. */
    double[] cameraEastNorthM() {
      double groundRangeM = heightM / Math.tan(Math.toRadians(-pitchDeg));
      double yaw = Math.toRadians(yawDeg);
      return new double[] {aimEastM - groundRangeM * Math.sin(yaw),
          aimNorthM - groundRangeM * Math.cos(yaw)};
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "pitch %.0f, yaw %.0f, GPS off (%.1f, %.1f) m", pitchDeg,
          yawDeg, gpsErrorEastM, gpsErrorNorthM);
    }
  }

  /** WGS84 of a point metres east and north of the origin (a geodesic from it). */
  public static GeoPoint at(double eastM, double northM) {
    double distanceM = Math.hypot(eastM, northM);
    if (distanceM == 0) {
      return new GeoPoint(TestCaptures.ORIGIN_LON_DEG, TestCaptures.ORIGIN_LAT_DEG);
    }
    GeodesicData g = Geodesic.WGS84.Direct(TestCaptures.ORIGIN_LAT_DEG,
        TestCaptures.ORIGIN_LON_DEG, Math.toDegrees(Math.atan2(eastM, northM)), distanceM);
    return new GeoPoint(g.lon2, g.lat2);
  }

  /** The analysis a job would make of the frame if the model found exactly {@code damages}. */
  public static CaptureAnalysis analysis(Frame frame, List<Truth> damages) {
    double[] camera = frame.cameraEastNorthM();
    GeoPoint gps = at(camera[0] + frame.gpsErrorEastM(), camera[1] + frame.gpsErrorNorthM());
    SyntheticJpeg.Builder jpeg = SyntheticJpeg.builder(WIDTH_PX, HEIGHT_PX)
        .gps(gps.lonDeg(), gps.latDeg())
        .gpsAltitudeM(80 + frame.heightM())
        .gpsDateTimeUtc(frame.takenAt())
        .make("DJI")
        .model("FC6310")
        .focalLengthMm(8.8)
        .focalLength35mm(24)
        .djiXmp("CalibratedFocalLength", Double.toString(FOCAL_PX))
        .djiXmp("CalibratedOpticalCenterX", Double.toString(CX))
        .djiXmp("CalibratedOpticalCenterY", Double.toString(CY))
        .djiXmp("RelativeAltitude", signed(frame.heightM()))
        .djiXmp("GimbalPitchDegree", signed(frame.pitchDeg()))
        .djiXmp("GimbalYawDegree", signed(djiYawDeg(frame.yawDeg())))
        .djiXmp("GimbalRollDegree", signed(0))
        .djiXmp("FlightYawDegree", signed(djiYawDeg(frame.yawDeg() + 7)));
    List<PixelBox> boxes = new ArrayList<>();
    for (Truth t : damages) {
      PixelBox box = box(frame, camera, t);
      boxes.add(box);
      jpeg.marker((box.x0() + box.x1()) / 2, (box.y0() + box.y1()) / 2);
    }
    try {
      CaptureMetadata metadata = new MetadataReader().read(jpeg.build());
      GeoreferenceOp op = GeoreferenceOp.forCapture(metadata);
      List<Observation> observations = new ArrayList<>();
      for (int i = 0; i < damages.size(); i++) {
        Detection detection = new Detection(damages.get(i).className(), 0, 0.8 - 0.1 * i,
            boxes.get(i));
        BoxPlacement placement = op.place(boxes.get(i));
        if (!placement.isPlaced()) {
          throw new AssertionError(frame + ": box " + i + " not placed: "
              + placement.unplacedReason());
        }
        observations.add(placement.footprint().toObservation(detection));
      }
      return new CaptureAnalysis(metadata, observations, List.of(), op.projection(), op.basis(),
          op.coverage().orElse(null));
    } catch (CaptureException e) {
      throw new AssertionError(frame + " is refused: " + e.getMessage(), e);
    }
  }

  /** A square pixel box centred on the pixel that sees the damage, about its size on the ground. */
  private static PixelBox box(Frame frame, double[] camera, Truth t) {
    double p = Math.toRadians(frame.pitchDeg());
    double y = Math.toRadians(frame.yawDeg());
    double[] forward = {Math.cos(p) * Math.cos(y), Math.cos(p) * Math.sin(y), -Math.sin(p)};
    double[] right = {-Math.sin(y), Math.cos(y), 0};
    double[] down = {
        forward[1] * right[2] - forward[2] * right[1],
        forward[2] * right[0] - forward[0] * right[2],
        forward[0] * right[1] - forward[1] * right[0]};
    // camera -> damage in north-east-down metres (geodesic azimuth and distance on WGS84)
    GeoPoint from = at(camera[0], camera[1]);
    GeoPoint to = at(t.eastM(), t.northM());
    GeodesicData g = Geodesic.WGS84.Inverse(from.latDeg(), from.lonDeg(), to.latDeg(),
        to.lonDeg());
    double az = Math.toRadians(g.azi1);
    double[] d = {g.s12 * Math.cos(az), g.s12 * Math.sin(az), frame.heightM()};
    double alongM = dot(d, forward);
    double u = CX + FOCAL_PX * dot(d, right) / alongM;
    double v = CY + FOCAL_PX * dot(d, down) / alongM;
    double halfPx = t.sizeM() / 2 * FOCAL_PX / Math.sqrt(dot(d, d));
    if (u - halfPx < 0 || v - halfPx < 0 || u + halfPx > WIDTH_PX || v + halfPx > HEIGHT_PX) {
      throw new AssertionError(frame + ": damage " + t + " is outside the image");
    }
    return new PixelBox(u - halfPx, v - halfPx, u + halfPx, v + halfPx);
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  private static double djiYawDeg(double yawDeg) {
    double deg = yawDeg % 360;
    return deg > 180 ? deg - 360 : deg <= -180 ? deg + 360 : deg;
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+.2f", value);
  }
}
