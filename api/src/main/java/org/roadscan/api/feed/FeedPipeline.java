package org.roadscan.api.feed;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.roadscan.api.capture.CaptureValidator;
import org.roadscan.api.capture.JpegSignature;
import org.roadscan.api.metrics.ServiceMetrics;
import org.roadscan.api.priority.MapLayer;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.FrameTelemetry;
import org.roadscan.detector.geo.SurveyProfile;

/**
 * The steps of one feed frame, shared by the HTTP and WebSocket entries: pose → JPEG signature →
 * metadata check on {@code roadscan-io} ({@link CaptureValidator}: a frame that cannot be placed
 * is refused with 422 at once and never takes a place in the lane) → {@link FeedLane} → tags JSON,
 * kept in the {@link IncidentLog}. {@link #afterAnswer} then registers the frame. Thread-safe.
 */
public final class FeedPipeline {

  /** What the pipeline needs; {@code roads} is the configured road layer, or null. */
  public record Services(WorkerExecutor ioExecutor, CaptureValidator validator, FeedLane lane,
      IncidentLog incidents, FeedRegistrar registrar, MapLayer roads, ServiceMetrics metrics) {
  }

  /** A frame's analysis and its JSON. */
  public record Tagged(FeedResult result, JsonObject json) {
  }

  private final Services services;

  public FeedPipeline(Services services) {
    this.services = services;
  }

  public IncidentLog incidents() {
    return services.incidents();
  }

  /**
   * Analyses one frame.
   *
   * @param poseText the {@code pose} JSON, or null to read the JPEG's EXIF/XMP
   * @param incident the incident, already checked against {@link IncidentLog#ID}, or null
   * @param stream the frame's queue in the lane (see {@link FeedFrame#stream()})
   * @return the tags; failed with a {@link ProblemException} (415, 422, 429, 503)
   */
  public Future<Tagged> analyse(byte[] jpeg, String poseText, String incident, String stream) {
    Instant receivedAt = Instant.now();
    CaptureContext context;
    try {
      if (!JpegSignature.matches(jpeg)) {
        throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
            "a feed frame must be a JPEG image", "image");
      }
      FrameTelemetry pose = poseText == null ? null : FeedPoseJson.parse(poseText);
      context = pose == null ? CaptureContext.NONE
          : CaptureContext.ofFrame(SurveyProfile.NONE, pose, null);
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
    FeedFrame frame = new FeedFrame(jpeg, context, incident, stream, receivedAt);
    return services.ioExecutor().executeBlocking(() -> {
          services.validator().check(jpeg, context);
          return frame;
        }, false)
        .compose(services.lane()::submit)
        .recover(err -> Future.failedFuture(err instanceof CaptureException refused
            ? new ProblemException(Problem.of(refused)) : err))
        .map(result -> {
          services.metrics().feedLatency(Duration.between(receivedAt, Instant.now()));
          services.metrics().detections(result.analysis().observations().stream()
              .map(observation -> observation.detection().className()).toList(), "feed");
          JsonObject json = FeedTagsJson.of(result, services.roads());
          if (incident != null) {
            services.incidents().append(incident, "tags", json);
          }
          return new Tagged(result, json);
        });
  }

  /** Registers the frame (asynchronously; the caller has answered already). */
  public void afterAnswer(Tagged tagged) {
    services.registrar().register(tagged.result());
  }

  /** The lane's stream of an incident. */
  public static String incidentStream(String incident) {
    return "incident:" + incident;
  }
}
