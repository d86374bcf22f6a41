package org.roadscan.detector.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.Detection;
import org.roadscan.detector.geo.BoxPlacement;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.GeoreferenceOp;
import org.roadscan.detector.geo.LocalFrame;
import org.roadscan.detector.geo.PoseUncertainty;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.geo.VehicleMount;
import org.roadscan.detector.geo.Wgs84;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.model.DamageDetector;
import org.roadscan.detector.model.ScaleAwareSlicing;
import org.roadscan.detector.model.Slicing;
import org.roadscan.detector.testing.MiniJson;
import org.roadscan.detector.testing.TestModel;

/**
 * The synthetic drone sample end to end without the service: frames decoded from the committed
 * {@code drone-nadir.mp4}, each posed by its own block of {@code drone-nadir.SRT}, detected by the
 * shipped model with the service's scale-aware tiling and placed by {@link GeoreferenceOp}. Every
 * pothole of {@code truth-drone-nadir.json} must be found as D40 within 1 m of where the
 * generator pasted it, in at least one of the frames that show it whole.
 */
class SyntheticSurveyTest {

  /** Seconds around the moment the drone passes over a pothole; it is whole in each frame. */
  private static final double[] OFFSETS_S = {-0.6, 0.0, 0.6};
  private static final Pattern SRT_BLOCK = Pattern.compile("FrameCnt: (\\d+),.*?"
      + "\\[focal_len: ([-\\d.]+)\\].*?\\[latitude: ([-\\d.]+)\\] \\[longitude: ([-\\d.]+)\\]"
      + " \\[rel_alt: ([-\\d.]+) abs_alt: [-\\d.]+\\] \\[gb_yaw: ([-\\d.]+) gb_pitch: ([-\\d.]+)"
      + " gb_roll: ([-\\d.]+)\\]", Pattern.DOTALL);

  private static DamageDetector detector;
  private static ScaleAwareSlicing scaleAware;

  @BeforeAll
  static void load() throws IOException {
    detector = DamageDetector.builder().setModelDir(TestModel.modelDir()).optWorkers(1).build();
    scaleAware = ScaleAwareSlicing.read(TestModel.modelDir()).orElseThrow();
  }

  @AfterAll
  static void close() {
    detector.close();
  }

  /** The SRT's pose per frame number (1-based, as DJI counts). */
  private record SrtPose(double lonDeg, double latDeg, double relAltM, double yawDeg,
      double pitchDeg, double focal35mm) {
  }

  private record Sighting(String potholeId, int frame, double confidence, double errorM) {
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyPastedPotholeIsFoundWithin1mOfWhereItWasPut() throws Exception {
    Path dir = videoDir();
    Map<String, Object> truth = (Map<String, Object>) MiniJson.parse(
        Files.readString(dir.resolve("truth-drone-nadir.json")));
    List<Map<String, Object>> potholes = (List<Map<String, Object>>) truth.get("potholes");
    Map<String, Object> motion = (Map<String, Object>) truth.get("motion");
    Map<String, Object> video = (Map<String, Object>) truth.get("video");
    double fps = (Double) video.get("fps");
    Map<Integer, SrtPose> srt = readSrt(dir.resolve("drone-nadir.SRT"));
    assertThat(srt).hasSize(((Double) video.get("frames")).intValue());

    // the frames to look at: the drone over each pothole, and 0.6 s before and after
    Map<Integer, String> wanted = new TreeMap<>();
    for (Map<String, Object> p : potholes) {
      double passS = ((Double) p.get("eastM") - (Double) motion.get("startEastM"))
          / (Double) motion.get("speedMps");
      for (double offset : OFFSETS_S) {
        wanted.put((int) Math.round((passS + offset) * fps), (String) p.get("id"));
      }
    }

    List<Sighting> sightings = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(dir.resolve("drone-nadir.mp4")
        .toFile()); Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(1280);
      int index = 0;
      int last = ((TreeMap<Integer, String>) wanted).lastKey();
      for (Frame frame; index <= last && (frame = grabber.grabImage()) != null; index++) {
        if (!wanted.containsKey(index)) {
          continue;
        }
        BufferedImage image = converter.convert(frame);
        SrtPose pose = srt.get(index + 1);
        CaptureMetadata metadata = new CaptureMetadata(pose.lonDeg(), pose.latDeg(), null,
            pose.relAltM(), pose.pitchDeg(), pose.yawDeg(), null, null, pose.focal35mm(),
            image.getWidth(), image.getHeight(), null, null, null, null);
        GeoreferenceOp georeference = GeoreferenceOp.forCapture(metadata);
        Slicing tiling = scaleAware.slicingFor(image.getWidth(), image.getHeight(),
            georeference.groundSampleM().orElseThrow(), detector.spec().inputSize());
        for (Detection d : detector.detectFrame(jpeg(image), Double.NaN, tiling).detections()) {
          BoxPlacement placement = georeference.place(d.box());
          assertThat(placement.isPlaced()).isTrue();
          double lon = placement.footprint().lonDeg();
          double lat = placement.footprint().latDeg();
          String nearest = null;
          double nearestM = Double.POSITIVE_INFINITY;
          for (Map<String, Object> p : potholes) {
            double m = Wgs84.distanceM(lon, lat, (Double) p.get("lon"), (Double) p.get("lat"));
            if (m < nearestM) {
              nearestM = m;
              nearest = (String) p.get("id");
            }
          }
          if (d.className().equals("D40") && nearestM <= 1.0) {
            sightings.add(new Sighting(nearest, index, d.confidence(), nearestM));
          } else {
            var enu = LocalFrame.at(SyntheticSurvey.ORIGIN).toEnu(lon, lat);
            elsewhere.add(String.format(Locale.ROOT, "frame %d: %s %.2f at E %.1f N %.1f", index,
                d.className(), d.confidence(), enu.eastM(), enu.northM()));
          }
        }
      }
      grabber.stop();
    }
    Map<String, List<Sighting>> byPothole = new HashMap<>();
    for (Sighting s : sightings) {
      byPothole.computeIfAbsent(s.potholeId(), k -> new ArrayList<>()).add(s);
    }
    for (Map<String, Object> p : potholes) {
      String id = (String) p.get("id");
      List<Sighting> found = byPothole.getOrDefault(id, List.of());
      System.out.printf(Locale.ROOT, "%s: D40 in %d of %d frames, errors %s m%n", id,
          found.size(), OFFSETS_S.length, found.stream().map(s -> String.format(Locale.ROOT,
              "%.2f (conf %.2f)", s.errorM(), s.confidence())).toList());
    }
    System.out.println("other detections: " + elsewhere);
    for (Map<String, Object> p : potholes) {
      assertThat(byPothole.get((String) p.get("id")))
          .as("D40 within 1 m of pothole %s", p.get("id")).isNotEmpty();
    }
  }

  /**
   * The dashcam sample: frames posed by the GPX track (linear between its 1 Hz points) and the
   * mount of {@code truth-vehicle-run.json}, heading east; each pothole 5, 7 and 9 m ahead of the
   * camera. Each pothole in the camera's lane must be found as D40 within 1 m in at least one of
   * its frames, and nothing may be found away from the potholes.
   */
  @Test
  @SuppressWarnings("unchecked")
  void dashcamRunFindsEveryPotholeWithin1m() throws Exception {
    Path dir = videoDir();
    Map<String, Object> truth = (Map<String, Object>) MiniJson.parse(
        Files.readString(dir.resolve("truth-vehicle-run.json")));
    List<Map<String, Object>> potholes = (List<Map<String, Object>>) truth.get("potholes");
    Map<String, Object> motion = (Map<String, Object>) truth.get("motion");
    Map<String, Object> telemetry = (Map<String, Object>) truth.get("telemetry");
    Map<String, Object> mount = (Map<String, Object>) telemetry.get("mount");
    Map<String, Object> camera = (Map<String, Object>) truth.get("camera");
    double fps = (Double) ((Map<String, Object>) truth.get("video")).get("fps");
    List<double[]> track = new ArrayList<>();
    Matcher m = Pattern.compile("<trkpt lat=\"([-\\d.]+)\" lon=\"([-\\d.]+)\">")
        .matcher(Files.readString(dir.resolve("vehicle-run.gpx")));
    while (m.find()) {
      track.add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(1))});
    }
    Map<Integer, String> wanted = new TreeMap<>();
    for (Map<String, Object> p : potholes) {
      for (double aheadM : new double[] {5, 7, 9}) {
        double t = ((Double) p.get("eastM") - aheadM - (Double) motion.get("startEastM"))
            / (Double) motion.get("speedMps");
        wanted.put((int) Math.round(t * fps), (String) p.get("id"));
      }
    }
    CaptureContext context = new CaptureContext(SurveyProfile.ofMount(new VehicleMount(
        (Double) mount.get("heightM"), (Double) mount.get("pitchDeg"), 0, 0)),
        (Double) motion.get("headingDeg"));
    Map<String, List<String>> found = new TreeMap<>();
    List<String> elsewhere = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(dir.resolve("vehicle-run.mp4")
        .toFile()); Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      int last = ((TreeMap<Integer, String>) wanted).lastKey();
      int index = 0;
      for (Frame frame; index <= last && (frame = grabber.grabImage()) != null; index++) {
        if (!wanted.containsKey(index)) {
          continue;
        }
        double t = index / fps;
        int i0 = Math.min((int) Math.floor(t), track.size() - 2);
        double f = t - i0;
        double lon = track.get(i0)[0] * (1 - f) + track.get(i0 + 1)[0] * f;
        double lat = track.get(i0)[1] * (1 - f) + track.get(i0 + 1)[1] * f;
        BufferedImage image = converter.convert(frame);
        CaptureMetadata metadata = new CaptureMetadata(lon, lat, null, null, null, null, null,
            null, (Double) camera.get("focalLength35mmEq"), image.getWidth(), image.getHeight(),
            null, null, null, null);
        GeoreferenceOp georeference = GeoreferenceOp.forCapture(metadata, context,
            PoseUncertainty.DEFAULTS);
        for (Detection d : detector.detect(jpeg(image))) {
          BoxPlacement placement = georeference.place(d.box());
          if (!placement.isPlaced()) {
            elsewhere.add("frame " + index + ": " + d.className() + " unplaced");
            continue;
          }
          var enu = LocalFrame.at(SyntheticSurvey.ORIGIN).toEnu(placement.footprint().lonDeg(),
              placement.footprint().latDeg());
          String hit = null;
          for (Map<String, Object> p : potholes) {
            double e = Wgs84.distanceM(placement.footprint().lonDeg(),
                placement.footprint().latDeg(), (Double) p.get("lon"), (Double) p.get("lat"));
            if (d.className().equals("D40") && e <= 1.0) {
              hit = (String) p.get("id");
              found.computeIfAbsent(hit, k -> new ArrayList<>()).add(String.format(Locale.ROOT,
                  "frame %d %.2f m (conf %.2f)", index, e, d.confidence()));
            }
          }
          if (hit == null) {
            elsewhere.add(String.format(Locale.ROOT, "frame %d: %s %.2f at E %.1f N %.1f", index,
                d.className(), d.confidence(), enu.eastM(), enu.northM()));
          }
        }
      }
      grabber.stop();
    }
    System.out.println("dashcam: " + found);
    System.out.println("dashcam other detections: " + elsewhere);
    // the shipped model finds the potholes of the camera's own lane (north < 0: P1, P3, P5);
    // those of the oncoming lane (P2, P4), seen 3-4 m to the side, it misses at this resolution
    for (Map<String, Object> p : potholes) {
      if ((Double) p.get("northM") < 0) {
        assertThat(found.get((String) p.get("id"))).as("D40 within 1 m of %s", p.get("id"))
            .isNotEmpty();
      }
    }
    assertThat(elsewhere).as("detections away from every pothole").isEmpty();
  }

  private static Map<Integer, SrtPose> readSrt(Path file) throws IOException {
    Map<Integer, SrtPose> poses = new HashMap<>();
    Matcher m = SRT_BLOCK.matcher(Files.readString(file));
    while (m.find()) {
      poses.put(Integer.parseInt(m.group(1)), new SrtPose(Double.parseDouble(m.group(4)),
          Double.parseDouble(m.group(3)), Double.parseDouble(m.group(5)),
          Double.parseDouble(m.group(6)), Double.parseDouble(m.group(7)),
          Double.parseDouble(m.group(2))));
    }
    return poses;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.95f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** {@code sample-images/video} above the working directory (Maven runs tests in detector/). */
  static Path videoDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("sample-images").resolve("video");
      if (Files.isRegularFile(candidate.resolve("truth-drone-nadir.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("sample-images/video/truth-drone-nadir.json not found");
  }
}
