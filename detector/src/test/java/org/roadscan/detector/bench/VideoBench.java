package org.roadscan.detector.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.geo.VehicleMount;
import org.roadscan.detector.track.DjiSrt;
import org.roadscan.detector.track.FrameTrack;
import org.roadscan.detector.video.FrameJpegEncoder;
import org.roadscan.detector.video.FrameSink;
import org.roadscan.detector.video.RefusedFrame;
import org.roadscan.detector.video.SampledFrame;
import org.roadscan.detector.video.TestVideo;
import org.roadscan.detector.video.VideoProfile;
import org.roadscan.detector.video.VideoSampler;
import org.roadscan.detector.video.VideoSummary;

/**
 * Video decode + sampling frames/s beside bare decode (every frame decoded to BGR, nothing
 * encoded), on a generated 1920 × 1080, 30 fps clip with a synthetic SRT (10 m/s north, 30 m up,
 * nadir, 24 mm): the drone rule (1/3 overlap) and a vehicle mount (4 m), alternating per round;
 * then JPEG encoding of one 1080p frame by {@link FrameJpegEncoder} (OpenCV) and by JavaCV's
 * Java2DFrameConverter + ImageIO at the same quality. Medians over the rounds.
 *
 * <p>Usage: {@code VideoBench [ROUNDS=5] [FRAMES=150] [ENCODER=libopenh264]}
 */
public final class VideoBench {

  private VideoBench() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 150;
    String encoder = args.length > 2 ? args[2] : "libopenh264";
    Path dir = Files.createTempDirectory("roadscan-video-bench");
    Path video = dir.resolve("clip-1080p.mp4");
    long t0 = System.nanoTime();
    TestVideo.write(video, 1920, 1080, frames, 30, null, encoder);
    System.out.printf(Locale.ROOT, "clip: %d frames 1920x1080 %s, %.1f MB, written in %.1f s%n",
        frames, encoder, Files.size(video) / 1e6, (System.nanoTime() - t0) / 1e9);
    FrameTrack track = DjiSrt.parse(srt(frames * 1000L / 30 + 100));
    SurveyProfile vehicle = SurveyProfile.ofMount(new VehicleMount(1.6, -25, 0, 0));
    VideoSampler sampler = new VideoSampler();

    bareDecode(video);
    List<Double> bare = new ArrayList<>();
    List<Double> drone = new ArrayList<>();
    List<Double> car = new ArrayList<>();
    VideoSummary droneSummary = null;
    VideoSummary carSummary = null;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      int decoded = bareDecode(video);
      bare.add(decoded / seconds(start));
      start = System.nanoTime();
      droneSummary = sampler.sample(video, track, SurveyProfile.NONE, VideoProfile.DEFAULTS, -1,
          new Discard());
      drone.add(droneSummary.framesDecoded() / seconds(start));
      start = System.nanoTime();
      carSummary = sampler.sample(video, track, vehicle, VideoProfile.DEFAULTS, -1,
          new Discard());
      car.add(carSummary.framesDecoded() / seconds(start));
    }
    System.out.printf(Locale.ROOT, "bare decode      %6.1f frames/s (rounds %s)%n", median(bare),
        fmt(bare));
    System.out.printf(Locale.ROOT, "drone sampling   %6.1f frames/s, %d of %d frames sampled,"
        + " %.2f x bare (rounds %s)%n", median(drone), droneSummary.framesSampled(),
        droneSummary.framesDecoded(), median(drone) / median(bare), fmt(drone));
    System.out.printf(Locale.ROOT, "vehicle sampling %6.1f frames/s, %d of %d frames sampled,"
        + " %.2f x bare (rounds %s)%n", median(car), carSummary.framesSampled(),
        carSummary.framesDecoded(), median(car) / median(bare), fmt(car));
    encoders(video);
    Files.delete(video);
    Files.delete(dir);
  }

  private static int bareDecode(Path video) throws Exception {
    int n = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      while (grabber.grabImage() != null) {
        n++;
      }
    }
    return n;
  }

  private static void encoders(Path video) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      Frame frame = grabber.grabImage();
      FrameJpegEncoder opencv = new FrameJpegEncoder();
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(FrameJpegEncoder.QUALITY / 100f);
      int n = 30;
      int bytesOpenCv = 0;
      int bytesImageIo = 0;
      List<Double> openCvMs = new ArrayList<>();
      List<Double> imageIoMs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        bytesOpenCv = opencv.encode(frame).length;
        openCvMs.add((System.nanoTime() - start) / 1e6);
        start = System.nanoTime();
        BufferedImage image = converter.convert(frame);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
          writer.setOutput(stream);
          writer.write(null, new IIOImage(image, null, null), param);
        }
        bytesImageIo = out.size();
        imageIoMs.add((System.nanoTime() - start) / 1e6);
      }
      writer.dispose();
      System.out.printf(Locale.ROOT, "JPEG q%d of a 1080p frame: OpenCV Mat + imencode %.1f ms"
          + " (%d kB), Java2DFrameConverter + ImageIO %.1f ms (%d kB), medians of %d%n",
          FrameJpegEncoder.QUALITY, median(openCvMs.subList(5, n)), bytesOpenCv / 1000,
          median(imageIoMs.subList(5, n)), bytesImageIo / 1000, n - 5);
    }
  }

  /** Subtitles every 100 ms up to {@code endMs}, north at 10 m/s, 30 m up, nadir, 24 mm. */
  private static String srt(long endMs) {
    StringBuilder srt = new StringBuilder();
    int n = 1;
    for (long t = 0; t <= endMs; t += 100, n++) {
      GeodesicData p = Geodesic.WGS84.Direct(48.137154, 11.576124, 0, 10 * t / 1000.0);
      srt.append(String.format(Locale.ROOT, "%d%n%02d:%02d:%02d,%03d --> %02d:%02d:%02d,%03d%n"
              + "[focal_len: 24.00] [latitude: %.7f] [longitude: %.7f] [rel_alt: 30.000"
              + " abs_alt: 545.000] [gb_yaw: 0.0 gb_pitch: -90.0 gb_roll: 0.0]%n%n", n,
          t / 3_600_000, t / 60_000 % 60, t / 1000 % 60, t % 1000, (t + 100) / 3_600_000,
          (t + 100) / 60_000 % 60, (t + 100) / 1000 % 60, (t + 100) % 1000, p.lat2, p.lon2));
    }
    return srt.toString();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static String fmt(List<Double> values) {
    return Arrays.toString(values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v))
        .toArray());
  }

  /** Counts nothing, keeps nothing: the sink's cost is not the sampler's. */
  private static final class Discard implements FrameSink {
    @Override
    public void sampled(SampledFrame frame) {
    }

    @Override
    public void refused(RefusedFrame frame) {
    }
  }
}
