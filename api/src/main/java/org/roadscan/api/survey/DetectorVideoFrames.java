package org.roadscan.api.survey;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.roadscan.api.capture.CaptureContextJson;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.track.DjiSrt;
import org.roadscan.detector.track.FrameTrack;
import org.roadscan.detector.track.Gpx;
import org.roadscan.detector.video.FrameSink;
import org.roadscan.detector.video.RefusedFrame;
import org.roadscan.detector.video.SampledFrame;
import org.roadscan.detector.video.VideoProfile;
import org.roadscan.detector.video.VideoSampler;
import org.roadscan.detector.video.VideoSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link VideoFrames}: reads the telemetry (DJI SRT) or track (GPX) with the
 * detector's {@code track} package and samples the video by ground distance with its {@link
 * VideoSampler}; each sampled frame goes to the consumer as a JPEG with its telemetry in the
 * capture context, so it is analysed like a photo. What the client sent and the detector refuses
 * (undecodable video, unusable telemetry, a vehicle run without a mount) fails the media with a
 * 4xx problem; I/O faults are retried by {@link MediaExpansion}. Stateless and thread-safe.
 */
public final class DetectorVideoFrames implements VideoFrames {

  private static final Logger LOG = LoggerFactory.getLogger(DetectorVideoFrames.class);

  private final VideoSampler sampler = new VideoSampler();

  @Override
  public void expand(MediaRow media, int resumeAfterIndex, FrameConsumer consumer)
      throws Exception {
    SurveyProfile profile = CaptureContextJson.fromJson(media.profile().isEmpty()
        ? new JsonObject() : new JsonObject().put("profile", media.profile())).profile();
    boolean gpx = "gpx".equals(media.telemetryKind());
    if (gpx && profile.mount() == null) {
      throw new ProblemException(ProblemType.INVALID_PROFILE, "a video with a GPS track is a"
          + " vehicle run: the survey profile needs a mount (heightM, pitchDeg) to place its"
          + " frames", "profile.mount");
    }
    try {
      FrameTrack track = gpx ? readGpx(media) : DjiSrt.parse(
          Files.readString(media.telemetry(), StandardCharsets.UTF_8));
      VideoSummary summary = sampler.sample(media.videoFile(), track, profile,
          videoProfile(media.videoOptions()), resumeAfterIndex, sink(consumer));
      LOG.info("media {} ({}): {} frames decoded, {} sampled, {} emitted, {} refused; {} {}x{}",
          media.id(), media.fileName(), summary.framesDecoded(), summary.framesSampled(),
          summary.framesEmitted(), summary.framesRefused(), summary.codec(),
          summary.widthPx(), summary.heightPx());
    } catch (CaptureException refused) {
      throw new ProblemException(Problem.of(refused).with("fileName", media.fileName()));
    } catch (java.nio.charset.MalformedInputException e) {
      throw new ProblemException(ProblemType.INVALID_METADATA,
          "the telemetry is not UTF-8 text: " + e.getMessage(), "telemetry");
    }
  }

  private static FrameTrack readGpx(MediaRow media) throws IOException, CaptureException {
    try (InputStream in = Files.newInputStream(media.telemetry())) {
      return Gpx.parse(in);
    }
  }

  /** The survey's video options over the detector's defaults. */
  static VideoProfile videoProfile(SurveyVideo options) {
    VideoProfile d = VideoProfile.DEFAULTS;
    if (options == null) {
      return d;
    }
    return new VideoProfile(
        options.gimbalPitchDeg() == null ? d.gimbalPitchDeg() : options.gimbalPitchDeg(),
        options.telemetryOffsetMs() == null ? d.telemetryOffsetMs()
            : options.telemetryOffsetMs(),
        options.focalLength35mm() == null ? d.focalLength35mm() : options.focalLength35mm(),
        options.overlap() == null ? d.overlap() : options.overlap(),
        options.videoStart() == null ? d.videoStart() : options.videoStart(),
        options.sampleDistanceM() == null ? d.vehicleSampleDistanceM()
            : options.sampleDistanceM());
  }

  private static FrameSink sink(FrameConsumer consumer) {
    return new FrameSink() {
      @Override
      public void sampled(SampledFrame frame) throws IOException {
        JsonObject context = CaptureContextJson.toJson(frame.context());
        try {
          consumer.accept(new VideoFrame(frame.index(), frame.timestampMs(), frame.jpeg(),
              context));
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("could not queue frame " + frame.index(), e);
        }
      }

      @Override
      public void refused(RefusedFrame frame) throws IOException {
        try {
          consumer.refuse(frame.index(), frame.timestampMs(), frame.reason());
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("could not record refused frame " + frame.index(), e);
        }
      }
    };
  }
}
