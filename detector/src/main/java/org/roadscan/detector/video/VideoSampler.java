package org.roadscan.detector.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.geo.CameraIntrinsics;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.FrameTelemetry;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.geo.Wgs84;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.track.FrameTrack;
import org.roadscan.detector.track.TrackSample;

/**
 * Turns a video and its telemetry into the frames worth analysing: each a JPEG with a {@link
 * CaptureContext} carrying its telemetry, for {@link
 * org.roadscan.detector.CaptureAnalyzer#analyze} exactly like a photo.
 *
 * <p>Every frame is decoded (FFmpeg through JavaCV), but only sampled frames are encoded. Whether
 * a frame is sampled follows from its time alone: its time on the track is {@code base +
 * timestampMs + telemetryOffsetMs}, {@code base} being 0 for an SRT track and the video's start
 * (the video profile's {@code videoStart}, else the container's {@code creation_time}) for a GPX
 * track. The first frame the track covers is sampled; after that a frame is sampled once the
 * camera is at least {@link SampleSpacing#spacingM} (computed at the last sampled frame) from
 * where the last sampled frame was taken, measured as the geodesic between the two positions
 * (not along the track, whose GPS jitter would add up while hovering). Frames the track does not
 * cover ({@link FrameTrack#outsideReason}, with half a frame interval of tolerance at its ends) are
 * refused, one {@link RefusedFrame} per contiguous stretch.
 *
 * <p>The rule is deterministic, so a restarted run over the same inputs samples the same frames
 * with the same indices: with {@code resumeAfterIndex} k, frames 0..k are decided but neither
 * encoded nor emitted, and refusals before frame k + 1 are not reported again.
 *
 * <p>Memory is bounded: FFmpeg's decoder state and the one frame being decoded and encoded,
 * whatever the video's length. Blocking (decoding runs at a few hundred frames per second per
 * core for 1080p H.264, see {@code bench/README.md}); run it on a worker thread. Stateless and
 * thread-safe: each call opens its own decoder.
 */
public final class VideoSampler {

  /** The input field named in refusals of the video itself. */
  public static final String FIELD = "video";

  static {
    // FFmpeg logs every opened file's stream table at INFO to stderr; keep warnings out too, a
    // refusal carries what the caller needs. Process-wide, as FFmpeg's log level is.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final FrameJpegEncoder encoder = new FrameJpegEncoder();

  /**
   * Samples a video.
   *
   * @param video the video file (MP4, MOV, MKV...; any codec this FFmpeg build decodes)
   * @param track its telemetry ({@link org.roadscan.detector.track.DjiSrt}, {@link
   *     org.roadscan.detector.track.Gpx})
   * @param profile the survey profile (a vehicle mount makes every frame a vehicle frame)
   * @param videoProfile the video profile
   * @param resumeAfterIndex the last sampled index a previous run delivered, or -1
   * @param sink receives the frames and refusals, in video order, on this thread
   * @return what was found
   * @throws CaptureException ({@code video}) UNSUPPORTED_MEDIA_TYPE when FFmpeg cannot open the
   *     file or it has no video stream; CORRUPT_IMAGE when decoding fails; ({@code videoStart})
   *     MISSING_METADATA when the track is a GPX and neither the profile nor the container gives
   *     the video's start time; ({@code focalLength35mm}) MISSING_METADATA when the first sampled
   *     frame's focal length is unknown (neither telemetry nor profiles give it)
   * @throws IOException when the file cannot be read, or the sink fails
   */
  public VideoSummary sample(Path video, FrameTrack track, SurveyProfile profile,
      VideoProfile videoProfile, int resumeAfterIndex, FrameSink sink)
      throws CaptureException, IOException {
    if (!Files.isRegularFile(video)) {
      throw new NoSuchFileException(video.toString());
    }
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      start(grabber);
      Instant creationTime = creationTime(grabber);
      long baseMs = baseMs(track, videoProfile, creationTime);
      double frameRate = grabber.getFrameRate();
      long toleranceMs = frameRate > 0 ? Math.round(500 / frameRate) : 20;
      Run run = new Run(track, profile, videoProfile, resumeAfterIndex, sink);
      Frame frame;
      while ((frame = grab(grabber, run.decoded)) != null) {
        long timestampMs = Math.round(frame.timestamp / 1000.0);
        run.next(frame, timestampMs, baseMs + timestampMs + videoProfile.telemetryOffsetMs(),
            toleranceMs);
      }
      return new VideoSummary(run.decoded, run.sampled, run.emitted, run.refused,
          run.lastTimestampMs, codecName(grabber), grabber.getImageWidth(),
          grabber.getImageHeight(), frameRate, creationTime);
    }
  }

  /** The state of one pass over a video. */
  private final class Run {
    private final FrameTrack track;
    private final SurveyProfile profile;
    private final VideoProfile videoProfile;
    private final int resumeAfterIndex;
    private final FrameSink sink;
    int decoded;
    int sampled;
    int emitted;
    int refused;
    long lastTimestampMs;
    private boolean outside;
    private FrameTelemetry lastSampled;
    private double spacingM;

    Run(FrameTrack track, SurveyProfile profile, VideoProfile videoProfile, int resumeAfterIndex,
        FrameSink sink) {
      this.track = track;
      this.profile = profile;
      this.videoProfile = videoProfile;
      this.resumeAfterIndex = resumeAfterIndex;
      this.sink = sink;
    }

    void next(Frame frame, long timestampMs, long trackMs, long toleranceMs)
        throws IOException, CaptureException {
      int frameIndex = decoded++;
      lastTimestampMs = timestampMs;
      Optional<TrackSample> sample = track.at(trackMs, toleranceMs);
      if (sample.isEmpty()) {
        refused++;
        if (!outside && sampled > resumeAfterIndex) {
          sink.refused(new RefusedFrame(frameIndex, timestampMs,
              track.outsideReason(trackMs, toleranceMs)));
        }
        outside = true;
        return;
      }
      outside = false;
      FrameTelemetry telemetry = withDefaults(sample.get().telemetry());
      if (lastSampled != null && Wgs84.distanceM(lastSampled.lonDeg(), lastSampled.latDeg(),
          telemetry.lonDeg(), telemetry.latDeg()) < spacingM) {
        return;
      }
      int index = sampled++;
      lastSampled = telemetry;
      CaptureMetadata metadata = telemetry.toMetadata(frame.imageWidth, frame.imageHeight);
      if (index == 0) {
        requireFocalLength(metadata, profile);
      }
      spacingM = SampleSpacing.spacingM(metadata, profile, videoProfile);
      if (index > resumeAfterIndex) {
        CaptureContext context = CaptureContext.ofFrame(profile, telemetry,
            sample.get().trackHeadingDeg());
        sink.sampled(new SampledFrame(index, timestampMs, encoder.encode(frame), context));
        emitted++;
      }
    }

    private FrameTelemetry withDefaults(FrameTelemetry telemetry) {
      FrameTelemetry result = telemetry;
      if (result.gimbalPitchDeg() == null && profile.mount() == null) {
        result = result.withGimbalPitchDeg(videoProfile.gimbalPitchDeg());
      }
      if (result.focalLength35mmEq() == null && videoProfile.focalLength35mm() != null) {
        result = result.withFocalLength35mmEq(videoProfile.focalLength35mm());
      }
      return result;
    }
  }

  /**
   * Refuses at the first sampled frame what every frame's analysis would refuse: a video whose
   * lens is unknown (no {@code focal_len} in the telemetry, none in either profile).
   */
  private static void requireFocalLength(CaptureMetadata metadata, SurveyProfile profile)
      throws CaptureException {
    if (CameraIntrinsics.of(metadata, profile.camera()).isEmpty()) {
      throw new CaptureException(Reason.MISSING_METADATA, "focalLength35mm", "the video's focal"
          + " length is unknown: its telemetry has no focal_len (GPX never has); give the video"
          + " profile's focalLength35mm or the survey profile's camera");
    }
  }

  private static void start(FFmpegFrameGrabber grabber) throws CaptureException {
    try {
      grabber.start();
    } catch (FrameGrabber.Exception e) {
      throw new CaptureException(Reason.UNSUPPORTED_MEDIA_TYPE, FIELD,
          "FFmpeg cannot open the file as a video: " + e.getMessage());
    }
    if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
      throw new CaptureException(Reason.UNSUPPORTED_MEDIA_TYPE, FIELD,
          "the file has no video stream that FFmpeg can decode");
    }
    // issue #30: the frame size the stream declares, before its first frame is decoded (FFmpeg
    // itself refuses frames over 2^28 px); 8K video is 33 MP
    PixelLimit.DEFAULT.check(grabber.getImageWidth(), grabber.getImageHeight());
  }

  private static Frame grab(FFmpegFrameGrabber grabber, int decoded) throws CaptureException {
    try {
      return grabber.grabImage();
    } catch (FrameGrabber.Exception e) {
      throw new CaptureException(Reason.CORRUPT_IMAGE, FIELD,
          "the video cannot be decoded after frame " + decoded + ": " + e.getMessage());
    }
  }

  private static long baseMs(FrameTrack track, VideoProfile videoProfile, Instant creationTime)
      throws CaptureException {
    if (track.clock() == FrameTrack.Clock.VIDEO) {
      return 0;
    }
    Instant start = videoProfile.videoStart() != null ? videoProfile.videoStart() : creationTime;
    if (start == null) {
      throw new CaptureException(Reason.MISSING_METADATA, "videoStart", "the track has absolute"
          + " times (GPX) but the video's start time is unknown: the container has no"
          + " creation_time; give the video profile's videoStart");
    }
    return start.toEpochMilli();
  }

  private static Instant creationTime(FFmpegFrameGrabber grabber) {
    String text = grabber.getMetadata("creation_time");
    if (text == null) {
      text = grabber.getVideoMetadata("creation_time");
    }
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String codecName(FFmpegFrameGrabber grabber) {
    String name = grabber.getVideoCodecName();
    if (name == null || name.isBlank()) {
      name = avcodec.avcodec_get_name(grabber.getVideoCodec()).getString();
    }
    return name;
  }
}
