package org.roadscan.detector.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.detector.CaptureCheck;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.geo.FrameTelemetry;
import org.roadscan.detector.geo.GeoreferenceOp;
import org.roadscan.detector.geo.PoseUncertainty;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.geo.VehicleMount;
import org.roadscan.detector.geo.Wgs84;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.track.DjiSrt;
import org.roadscan.detector.track.FrameTrack;
import org.roadscan.detector.track.Gpx;
import org.roadscan.detector.Observation.Projection;

/**
 * Sampling a real (generated) 320 × 240, 30 fps, 60-frame MP4 by ground distance.
 *
 * <p>Drone case: an SRT from 300 to 1700 ms, flying north at {@value #DRONE_SPEED_MPS} m/s, 10 m
 * above the take-off point, nadir, 24 mm (35 mm eq.). Footprint along track: 2 · 10 m · 120 px /
 * (24 / 36 · 320 px) = 11.25 m; with 1/3 overlap the spacing is 7.5 m, 0.625 s of flight.
 */
class VideoSamplerTest {

  private static final double LON = 11.576124;
  private static final double LAT = 48.137154;
  private static final int WIDTH_PX = 320;
  private static final int HEIGHT_PX = 240;
  private static final int FRAMES = 60;
  private static final double FPS = 30;
  private static final double DRONE_SPEED_MPS = 12;
  private static final Instant CREATED = Instant.parse("2026-06-01T08:00:00Z");

  @TempDir
  static Path dir;
  private static Path video;
  private static Path timedVideo;

  private final VideoSampler sampler = new VideoSampler();

  /** Collects what the sampler delivers. */
  static final class Collected implements FrameSink {
    final List<SampledFrame> frames = new ArrayList<>();
    final List<RefusedFrame> refusals = new ArrayList<>();

    @Override
    public void sampled(SampledFrame frame) {
      frames.add(frame);
    }

    @Override
    public void refused(RefusedFrame frame) {
      refusals.add(frame);
    }
  }

  @BeforeAll
  static void writeVideos() throws Exception {
    video = dir.resolve("drone.mp4");
    TestVideo.write(video, WIDTH_PX, HEIGHT_PX, FRAMES, FPS, null);
    timedVideo = dir.resolve("dashcam.mp4");
    TestVideo.write(timedVideo, WIDTH_PX, HEIGHT_PX, FRAMES, FPS, CREATED);
  }

  @Test
  void droneFramesAreSampledByFootprintOverlapAndOutsideStretchesRefusedOnce() throws Exception {
    Collected sink = new Collected();

    VideoSummary summary = sampler.sample(video, droneTrack(), SurveyProfile.NONE,
        VideoProfile.DEFAULTS, -1, sink);

    assertThat(summary.framesDecoded()).isEqualTo(FRAMES);
    assertThat(summary.codec()).isEqualTo("mpeg4");
    assertThat(summary.widthPx()).isEqualTo(WIDTH_PX);
    assertThat(summary.frameRate()).isCloseTo(FPS, within(1e-6));
    assertThat(summary.creationTime()).isNull();
    List<Integer> expected = expectedDroneFrames();
    assertThat(expected).containsExactly(9, 28, 47);
    assertThat(sink.frames).extracting(SampledFrame::index).containsExactly(0, 1, 2);
    assertThat(sink.frames).extracting(SampledFrame::timestampMs).containsExactly(300L, 933L,
        1567L);
    // Frames 0..8 (before 300 ms, less 17 ms tolerance) and 52..59 (after 1717 ms).
    assertThat(summary.framesRefused()).isEqualTo(9 + 8);
    assertThat(sink.refusals).extracting(RefusedFrame::index).containsExactly(0, 52);
    assertThat(sink.refusals.get(0).reason()).startsWith("before the telemetry starts");
    assertThat(sink.refusals.get(1).reason()).startsWith("after the telemetry ends");

    SampledFrame second = sink.frames.get(1);
    FrameTelemetry telemetry = second.context().frame();
    assertThat(Wgs84.distanceM(LON, LAT, telemetry.lonDeg(), telemetry.latDeg()))
        .isCloseTo(DRONE_SPEED_MPS * (0.933 - 0.3), within(0.02));
    assertThat(telemetry.gimbalPitchDeg()).isEqualTo(-90.0);
    assertThat(telemetry.relativeAltitudeM()).isEqualTo(10.0);
    assertThat(second.context().trackHeadingDeg()).isCloseTo(0, within(0.01));
    // The frame goes through the photo path: a nadir drone capture of the frame's size.
    CaptureMetadata metadata = new CaptureCheck().check(second.jpeg(), second.context());
    assertThat(metadata.imageWidthPx()).isEqualTo(WIDTH_PX);
    assertThat(metadata.imageHeightPx()).isEqualTo(HEIGHT_PX);
    assertThat(GeoreferenceOp.forCapture(metadata, second.context(), PoseUncertainty.DEFAULTS)
        .projection()).isEqualTo(Projection.NADIR);
  }

  @Test
  void aResumedRunSkipsTheFramesAlreadyEmittedAndRepeatsTheRestExactly() throws Exception {
    Collected first = new Collected();
    sampler.sample(video, droneTrack(), SurveyProfile.NONE, VideoProfile.DEFAULTS, -1, first);
    Collected resumed = new Collected();

    VideoSummary summary = sampler.sample(video, droneTrack(), SurveyProfile.NONE,
        VideoProfile.DEFAULTS, 0, resumed);

    assertThat(summary.framesSampled()).isEqualTo(3);
    assertThat(summary.framesEmitted()).isEqualTo(2);
    assertThat(resumed.frames).extracting(SampledFrame::index).containsExactly(1, 2);
    for (int i = 0; i < 2; i++) {
      SampledFrame again = resumed.frames.get(i);
      SampledFrame before = first.frames.get(i + 1);
      assertThat(again.timestampMs()).isEqualTo(before.timestampMs());
      assertThat(again.jpeg()).isEqualTo(before.jpeg());
      assertThat(again.context()).isEqualTo(before.context());
    }
    // The stretch before frame 0 was reported by the first run; the one at the end is after it.
    assertThat(resumed.refusals).extracting(RefusedFrame::index).containsExactly(52);
  }

  @Test
  void aVehicleVideoOnAGpxTrackIsPlacedFromTheContainersCreationTime() throws Exception {
    // Driving north at 9 m/s from 0.5 s to 1.5 s after the video started; 4 m spacing = 0.444 s.
    FrameTrack gpx = Gpx.parse(new ByteArrayInputStream(gpx(CREATED.plusMillis(500), 9, 3)
        .getBytes(StandardCharsets.UTF_8)));
    SurveyProfile mount = SurveyProfile.ofMount(new VehicleMount(1.6, -25, 0, 0));
    VideoProfile dashcam = new VideoProfile(-90, 0, 28.0, VideoProfile.DEFAULT_OVERLAP, null,
        VideoProfile.DEFAULT_VEHICLE_SAMPLE_DISTANCE_M);
    Collected sink = new Collected();

    VideoSummary summary = sampler.sample(timedVideo, gpx, mount, dashcam, -1, sink);

    assertThat(summary.creationTime()).isEqualTo(CREATED);
    assertThat(sink.frames).extracting(SampledFrame::timestampMs).containsExactly(500L, 967L,
        1433L);
    SampledFrame frame = sink.frames.get(1);
    assertThat(frame.context().frame().takenAt()).isEqualTo(CREATED.plusMillis(967));
    assertThat(frame.context().trackHeadingDeg()).isCloseTo(0, within(0.01));
    assertThat(frame.context().frame().gimbalPitchDeg()).isNull();
    CaptureMetadata metadata = new CaptureCheck().check(frame.jpeg(), frame.context());
    assertThat(GeoreferenceOp.forCapture(metadata, frame.context(), PoseUncertainty.DEFAULTS)
        .projection()).isEqualTo(Projection.VEHICLE);

    // The profile's start time wins: 400 ms later puts the track 400 ms earlier in the video.
    Collected shifted = new Collected();
    sampler.sample(timedVideo, gpx, mount, dashcam.withVideoStart(CREATED.plusMillis(400)), -1,
        shifted);
    assertThat(shifted.frames.get(0).timestampMs()).isEqualTo(100L);
  }

  @Test
  void aVideoWhoseLensNobodyGivesIsRefusedAtItsFirstSampledFrame() throws Exception {
    FrameTrack gpx = Gpx.parse(new ByteArrayInputStream(gpx(CREATED.plusMillis(500), 9, 3)
        .getBytes(StandardCharsets.UTF_8)));
    Collected sink = new Collected();

    assertThatThrownBy(() -> sampler.sample(timedVideo, gpx,
        SurveyProfile.ofMount(new VehicleMount(1.6, -25, 0, 0)), VideoProfile.DEFAULTS, -1, sink))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.MISSING_METADATA);
          assertThat(e.field()).isEqualTo("focalLength35mm");
        });
    assertThat(sink.frames).isEmpty();
  }

  @Test
  void aGpxTrackNeedsTheVideosStartTime() throws Exception {
    FrameTrack gpx = Gpx.parse(new ByteArrayInputStream(gpx(CREATED, 9, 3)
        .getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> sampler.sample(video, gpx, SurveyProfile.NONE,
        VideoProfile.DEFAULTS, -1, new Collected()))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.MISSING_METADATA);
          assertThat(e.field()).isEqualTo("videoStart");
        });
  }

  @Test
  void aFileThatIsNotAVideoIsUnsupported() throws Exception {
    Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "not a video at all");

    assertThatThrownBy(() -> sampler.sample(notVideo, droneTrack(), SurveyProfile.NONE,
        VideoProfile.DEFAULTS, -1, new Collected()))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_MEDIA_TYPE);
          assertThat(e.field()).isEqualTo("video");
        });
  }

  @Test
  void footprintLengthAtNadirAndObliqueWithTheFarEdgeCut() {
    assertThat(SampleSpacing.footprintLengthM(10, -90, 30, 30))
        .isCloseTo(2 * 10 * Math.tan(Math.toRadians(30)), within(1e-9));
    // Pitch -45 with ±20°: rays at 25° and 65° below the horizon.
    assertThat(SampleSpacing.footprintLengthM(10, -45, 20, 20)).isCloseTo(
        10 / Math.tan(Math.toRadians(25)) - 10 / Math.tan(Math.toRadians(65)), within(1e-9));
    // Pitch -20 with ±20°: the top edge is at the horizon; the far edge is cut at 10°.
    assertThat(SampleSpacing.footprintLengthM(10, -20, 20, 20)).isCloseTo(
        10 / Math.tan(Math.toRadians(10)) - 10 / Math.tan(Math.toRadians(40)), within(1e-9));
  }

  /**
   * The drone rule computed independently of the production code: metres along a straight line
   * at constant speed, the spacing from the closed-form nadir footprint.
   */
  private static List<Integer> expectedDroneFrames() {
    double focalPx = 24 / 36.0 * WIDTH_PX;
    double spacingM = (1 - 1 / 3.0) * 2 * 10 * (HEIGHT_PX / 2.0) / focalPx;
    long toleranceMs = Math.round(500 / FPS);
    List<Integer> frames = new ArrayList<>();
    Double lastM = null;
    for (int i = 0; i < FRAMES; i++) {
      long t = Math.round(i * 1000 / FPS);
      if (t < 300 - toleranceMs || t > 1700 + toleranceMs) {
        continue;
      }
      double northM = DRONE_SPEED_MPS * (Math.min(Math.max(t, 300), 1700) - 300) / 1000.0;
      if (lastM == null || northM - lastM >= spacingM) {
        frames.add(i);
        lastM = northM;
      }
    }
    return frames;
  }

  /** SRT subtitles every 100 ms from 300 to 1700 ms, flying north at the drone's speed. */
  private static FrameTrack droneTrack() throws CaptureException {
    StringBuilder srt = new StringBuilder();
    int n = 1;
    for (long t = 300; t <= 1700; t += 100) {
      GeodesicData p = Geodesic.WGS84.Direct(LAT, LON, 0, DRONE_SPEED_MPS * (t - 300) / 1000.0);
      srt.append(String.format(Locale.ROOT, "%d%n00:00:%02d,%03d --> 00:00:%02d,%03d%n"
              + "<font size=\"28\">FrameCnt: %d, DiffTime: 100ms%n"
              + "[iso: 100] [focal_len: 24.00] [latitude: %.7f] [longitude: %.7f]"
              + " [rel_alt: 10.000 abs_alt: 530.000] [gb_yaw: 0.0 gb_pitch: -90.0 gb_roll: 0.0]"
              + " </font>%n%n", n, t / 1000, t % 1000, (t + 100) / 1000, (t + 100) % 1000, n,
          p.lat2, p.lon2));
      n++;
    }
    return DjiSrt.parse(srt.toString());
  }

  /** A GPX of {@code points} fixes one second apart from {@code start}, north at {@code mps}. */
  private static String gpx(Instant start, double mps, int points) {
    StringBuilder gpx = new StringBuilder("<gpx version=\"1.1\" xmlns=\"http://www.topografix.com"
        + "/GPX/1/1\"><trk><trkseg>");
    for (int i = 0; i < points; i++) {
      GeodesicData p = Geodesic.WGS84.Direct(LAT, LON, 0, mps * i * 0.5);
      gpx.append(String.format(Locale.ROOT, "<trkpt lat=\"%.8f\" lon=\"%.8f\"><time>%s</time>"
          + "</trkpt>", p.lat2, p.lon2, start.plusMillis(500L * i)));
    }
    return gpx.append("</trkseg></trk></gpx>").toString();
  }
}
