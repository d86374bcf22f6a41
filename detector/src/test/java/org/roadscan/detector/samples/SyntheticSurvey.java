package org.roadscan.detector.samples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.roadscan.detector.geo.GeoPoint;
import org.roadscan.detector.geo.LocalFrame;
import org.roadscan.detector.geo.PinholeCamera;
import org.roadscan.detector.samples.GroundMosaic.Pothole;

/**
 * Generates the synthetic survey samples of {@code sample-images/video/} (issue #27): a drone
 * video looking straight down with its DJI SRT, and a dashcam run with its GPX track, both over
 * one synthetic road with real pothole photos pasted at known places, and a {@code truth-*.json}
 * beside each saying where the potholes are and how the camera moved.
 *
 * <p>Run: {@code sample-images/video/generate.sh} (or this class's {@code main} with the output
 * directory as its argument; {@code --frames} also writes a few frames as PNG). Deterministic:
 * fixed seed, fixed flight; the encoder's output is byte-identical for the same FFmpeg build.
 *
 * <p>Frames: the local frame's origin is {@link #ORIGIN}; the road runs west to east along north
 * = 0. Every position is converted to WGS84 with the project's {@link LocalFrame} (GeographicLib
 * geodesics).
 */
public final class SyntheticSurvey {

  /** The local frame's origin, a fictional street in Gelsenkirchen (lon, lat). */
  public static final GeoPoint ORIGIN = new GeoPoint(7.095000, 51.510000);
  /** Elevation of the road above sea level, m (written as abs_alt − rel_alt and GPX ele). */
  public static final double GROUND_ELEVATION_M = 55.0;
  static final long SEED = 27;

  /** The pasted potholes: position in the local frame, size across (N-S) and along (E-W). */
  static final List<Pothole> POTHOLES = List.of(
      new Pothole("P1", "pothole_333.jpg", 12.0, -1.6, 0.70, 0.65, 125.3, 111.2, 485.8, 445.8,
          "pothole_333"),
      new Pothole("P2", "pothole_223.jpg", 20.5, 1.4, 0.95, 0.70, 27.0, 117.0, 576.0, 449.0,
          "pothole_223"),
      new Pothole("P3", "pothole_393.jpg", 29.0, -0.9, 0.85, 0.60, 121.0, 89.5, 574.0, 342.5,
          "pothole_393"),
      new Pothole("P4", "pothole_353.jpg", 37.5, 2.0, 0.60, 0.45, 100.8, 61.0, 388.2, 233.0,
          "pothole_353"),
      new Pothole("P5", "pothole_123.jpg", 45.0, -2.2, 0.75, 0.50, 102.2, 56.0, 391.8, 214.0,
          "pothole_123"));

  /** One camera path: a straight line at constant speed, height and attitude. */
  record Run(String name, String cameraModel, double startEastM, double northM,
      double speedMps, double heightM, double yawDeg, double pitchDeg, double focal35mm,
      int widthPx, int heightPx, int fps, double durationS, Instant startUtc, int bitrate) {

    double focalPx() {
      return focal35mm / PinholeCamera.FILM_35MM_WIDTH_MM * Math.max(widthPx, heightPx);
    }

    int frames() {
      return (int) Math.round(durationS * fps);
    }

    double timeS(int frame) {
      return frame / (double) fps;
    }

    double eastAt(double timeS) {
      return startEastM + speedMps * timeS;
    }

    VirtualCamera cameraAt(int frame) {
      return new VirtualCamera(eastAt(timeS(frame)), northM, heightM, yawDeg, pitchDeg, focalPx(),
          widthPx, heightPx);
    }
  }

  /** Drone: 12 m above the road, looking straight down, image top to the east, 4 m/s east. */
  static final Run DRONE = new Run("drone-nadir", "virtual nadir camera (DJI-style SRT)", 4.0, 0.3,
      4.0, 12.0, 90.0, -90.0, 32.0, 1280, 720, 25, 12.0,
      Instant.parse("2026-11-20T09:15:02Z"), 2_200_000);
  /** Dashcam: 1.4 m above the road in the eastbound lane, pitched 15° down, 6 m/s (21.6 km/h). */
  static final Run VEHICLE = new Run("vehicle-run", "virtual dashcam (GPX track)", -5.0, -1.75,
      6.0, 1.4, 90.0, -15.0, 26.0, 1280, 720, 25, 10.0,
      Instant.parse("2026-11-20T09:40:00Z"), 2_000_000);
  /** The GPX track stops this long before the vehicle video ends. */
  static final double GPX_SHORT_BY_S = 2.0;
  /** DJI writes SRT times as the aircraft's local time, without a zone: CET here. */
  static final ZoneOffset SRT_ZONE = ZoneOffset.ofHours(1);

  private SyntheticSurvey() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "sample-images/video");
    boolean frames = List.of(args).contains("--frames");
    Files.createDirectories(out);
    long t0 = System.nanoTime();
    GroundMosaic ground = GroundMosaic.build(-15, 125, 8, SEED, POTHOLES);
    System.out.printf(Locale.ROOT, "mosaic %.1f s%n", (System.nanoTime() - t0) / 1e9);
    LocalFrame frame = LocalFrame.at(ORIGIN);
    String encoder = pickEncoder();
    for (Run run : List.of(DRONE, VEHICLE)) {
      Path video = out.resolve(run.name() + ".mp4");
      encode(run, ground, video, encoder, frames ? out.resolve("frames") : null);
      if (run == DRONE) {
        Files.writeString(out.resolve(run.name() + ".SRT"), srt(run, frame));
      } else {
        Files.writeString(out.resolve(run.name() + ".gpx"), gpx(run, frame));
      }
      Files.writeString(out.resolve("truth-" + run.name() + ".json"),
          truth(run, frame, encoder));
      System.out.printf(Locale.ROOT, "%s: %d frames, %d bytes, %s%n", video, run.frames(),
          Files.size(video), encoder);
    }
  }

  /** H.264 where the FFmpeg build has an encoder for it, else MPEG-4 Part 2. */
  static String pickEncoder() {
    for (String name : new String[] {"libopenh264", "libx264"}) {
      if (avcodec.avcodec_find_encoder_by_name(name) != null) {
        return name;
      }
    }
    return "mpeg4";
  }

  private static void encode(Run run, GroundMosaic ground, Path video, String encoder,
      Path framesDir) throws Exception {
    BufferedImage image = new BufferedImage(run.widthPx(), run.heightPx(),
        BufferedImage.TYPE_3BYTE_BGR);
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(video.toFile(), run.widthPx(),
        run.heightPx(), 0); Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("mp4");
      recorder.setVideoCodecName(encoder);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(run.fps());
      recorder.setGopSize(run.fps());
      recorder.setVideoBitrate(run.bitrate());
      recorder.setMetadata("creation_time", DateTimeFormatter.ISO_INSTANT.format(run.startUtc()));
      recorder.setMetadata("comment", "RoadScan synthetic survey sample " + run.name()
          + " (SyntheticSurvey)");
      recorder.start();
      for (int i = 0; i < run.frames(); i++) {
        run.cameraAt(i).render(ground, image);
        recorder.record(converter.convert(image));
        if (framesDir != null && i % 25 == 0) {
          Files.createDirectories(framesDir);
          ImageIO.write(image, "png", framesDir.resolve(String.format(Locale.ROOT, "%s-%03d.png",
              run.name(), i)).toFile());
        }
      }
      recorder.stop();
    }
  }

  /** One block per frame, in the form recent DJI drones write (Mini 3/4, Air 3, Mavic 3). */
  static String srt(Run run, LocalFrame frame) {
    StringBuilder s = new StringBuilder();
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    long frameMs = Math.round(1000.0 / run.fps());
    for (int i = 0; i < run.frames(); i++) {
      long fromMs = Math.round(run.timeS(i) * 1000);
      long toMs = Math.round(run.timeS(i + 1) * 1000);
      GeoPoint p = frame.toLonLat(run.eastAt(run.timeS(i)), run.northM());
      LocalDateTime local = LocalDateTime.ofInstant(run.startUtc().plusMillis(fromMs), SRT_ZONE);
      s.append(i + 1).append('\n')
          .append(srtTime(fromMs)).append(" --> ").append(srtTime(toMs)).append('\n')
          .append(String.format(Locale.ROOT, "<font size=\"28\">FrameCnt: %d, DiffTime: %dms%n",
              i + 1, frameMs))
          .append(clock.format(local)).append('\n')
          .append(String.format(Locale.ROOT, "[iso: 100] [shutter: 1/1000.0] [fnum: 2.8] [ev: 0]"
                  + " [color_md: default] [focal_len: %.2f] [latitude: %.6f] [longitude: %.6f]"
                  + " [rel_alt: %.3f abs_alt: %.3f] [gb_yaw: %.1f gb_pitch: %.1f gb_roll: 0.0]"
                  + " [ct: 5500] </font>%n%n", run.focal35mm(), p.latDeg(), p.lonDeg(),
              run.heightM(), GROUND_ELEVATION_M + run.heightM(), run.yawDeg(), run.pitchDeg()));
    }
    return s.toString();
  }

  private static String srtTime(long ms) {
    Duration d = Duration.ofMillis(ms);
    return String.format(Locale.ROOT, "%02d:%02d:%02d,%03d", d.toHours(), d.toMinutesPart(),
        d.toSecondsPart(), d.toMillisPart());
  }

  /** GPX 1.1, one point a second from the video's first frame, ending before the video does. */
  static String gpx(Run run, LocalFrame frame) {
    StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<gpx version=\"1.1\" creator=\"RoadScan SyntheticSurvey\""
        + " xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
        + "  <metadata><name>" + run.name() + "</name><time>" + run.startUtc()
        + "</time></metadata>\n  <trk><name>" + run.name() + "</name><trkseg>\n");
    for (int t = 0; t <= run.durationS() - GPX_SHORT_BY_S; t++) {
      GeoPoint p = frame.toLonLat(run.eastAt(t), run.northM());
      s.append(String.format(Locale.ROOT,
          "    <trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele><time>%s</time></trkpt>%n",
          p.latDeg(), p.lonDeg(), GROUND_ELEVATION_M + run.heightM(),
          run.startUtc().plusSeconds(t)));
    }
    return s.append("  </trkseg></trk>\n</gpx>\n").toString();
  }

  static String truth(Run run, LocalFrame frame, String encoder) {
    StringBuilder s = new StringBuilder("{\n");
    s.append("  \"sample\": \"").append(run.name()).append("\",\n");
    s.append("  \"generator\": \"detector/src/test/java/org/roadscan/detector/samples/"
        + "SyntheticSurvey.java (sample-images/video/generate.sh)\",\n");
    s.append(String.format(Locale.ROOT, "  \"origin\": {\"lon\": %.6f, \"lat\": %.6f,"
        + " \"groundElevationM\": %.1f, \"frame\": \"metres east and north of the origin,"
        + " WGS84 by GeographicLib geodesics (LocalFrame)\"},%n", ORIGIN.lonDeg(),
        ORIGIN.latDeg(), GROUND_ELEVATION_M));
    s.append("  \"potholes\": [\n");
    List<String> rows = new ArrayList<>();
    for (Pothole p : POTHOLES) {
      GeoPoint g = frame.toLonLat(p.eastM(), p.northM());
      rows.add(String.format(Locale.ROOT, "    {\"id\": \"%s\", \"class\": \"D40\", \"lon\": %.8f,"
              + " \"lat\": %.8f, \"eastM\": %.2f, \"northM\": %.2f, \"sizeM\": %.2f,"
              + " \"acrossM\": %.2f, \"alongM\": %.2f, \"photo\": \"%s\"}", p.id(), g.lonDeg(),
          g.latDeg(), p.eastM(), p.northM(), p.sizeM(), p.acrossM(), p.alongM(), p.source()));
    }
    s.append(String.join(",\n", rows)).append("\n  ],\n");
    GeoPoint start = frame.toLonLat(run.eastAt(0), run.northM());
    GeoPoint end = frame.toLonLat(run.eastAt(run.durationS()), run.northM());
    s.append(String.format(Locale.ROOT, "  \"camera\": {\"model\": \"%s\", \"projection\":"
            + " \"ideal pinhole, no distortion, principal point at the image centre\","
            + " \"widthPx\": %d, \"heightPx\": %d, \"focalLengthPx\": %.4f,"
            + " \"focalLength35mmEq\": %.2f, \"heightAboveRoadM\": %.3f, \"yawDeg\": %.1f,"
            + " \"pitchDeg\": %.1f, \"rollDeg\": 0.0, \"groundSampleAtCentreM\": %.5f},%n",
        run.cameraModel(), run.widthPx(), run.heightPx(), run.focalPx(), run.focal35mm(),
        run.heightM(), run.yawDeg(), run.pitchDeg(), run.cameraAt(0).groundSampleM()));
    s.append(String.format(Locale.ROOT, "  \"motion\": {\"startEastM\": %.2f, \"northM\": %.2f,"
            + " \"speedMps\": %.2f, \"headingDeg\": 90.0, \"start\": {\"lon\": %.8f, \"lat\": %.8f},"
            + " \"end\": {\"lon\": %.8f, \"lat\": %.8f}, \"note\": \"frame i (from 0) is taken at"
            + " startUtc + i / fps, camera at startEastM + speedMps * t\"},%n",
        run.startEastM(), run.northM(), run.speedMps(), start.lonDeg(), start.latDeg(),
        end.lonDeg(), end.latDeg()));
    s.append(String.format(Locale.ROOT, "  \"video\": {\"file\": \"%s.mp4\", \"codec\": \"%s\","
            + " \"fps\": %d, \"frames\": %d, \"durationS\": %.1f, \"startUtc\": \"%s\","
            + " \"creationTimeMetadata\": true},%n", run.name(), encoder, run.fps(),
        run.frames(), run.durationS(), run.startUtc()));
    if (run == DRONE) {
      s.append("  \"telemetry\": {\"file\": \"drone-nadir.SRT\", \"form\": \"DJI per-frame SRT,"
          + " one block per frame\", \"clock\": \"local time UTC+01:00 (CET), as DJI writes it\","
          + " \"latLonDecimals\": 6}\n");
    } else {
      s.append(String.format(Locale.ROOT, "  \"telemetry\": {\"file\": \"vehicle-run.gpx\","
          + " \"form\": \"GPX 1.1, 1 Hz trkpt with time (UTC) and ele\", \"firstPointS\": 0,"
          + " \"lastPointS\": %.0f, \"note\": \"the track ends %.0f s before the video: frames"
          + " after %.0f s lie outside it\", \"mount\": {\"heightM\": %.1f, \"pitchDeg\": %.1f,"
          + " \"rollDeg\": 0.0, \"yawOffsetDeg\": 0.0}}%n", run.durationS() - GPX_SHORT_BY_S,
          GPX_SHORT_BY_S, run.durationS() - GPX_SHORT_BY_S, run.heightM(), run.pitchDeg()));
    }
    return s.append("}\n").toString();
  }
}
