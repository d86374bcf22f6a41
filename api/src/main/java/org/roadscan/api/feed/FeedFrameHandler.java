package org.roadscan.api.feed;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import org.roadscan.api.http.MultipartRequest;
import org.roadscan.api.http.StalledBody;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code POST /v1/feed/frames}: multipart/form-data with one {@code image} part (a JPEG whose
 * EXIF/XMP carry the pose), optionally a {@code pose} text part ({@link FeedPoseJson}, for feeds
 * that strip the tags) and an {@code incident} text part. Answers <strong>200</strong> with the
 * frame's tags ({@link FeedTagsJson}) once analysed, or, with {@code Accept: application/xml} or
 * {@code ?format=cot}, the tags as Cursor-on-Target events ({@link CotXml}). Refusals: 400 bad
 * parts or incident id, 415 not a JPEG, 422 unusable metadata (naming the tag or pose member),
 * 429 {@code frame-dropped} when newer frames of the same stream (incident, else connection)
 * pushed this one out of its queue, 503 while the lane's model loads. The frame is registered
 * after the answer.
 */
public final class FeedFrameHandler implements Handler<RoutingContext> {

  public static final String IMAGE_PART = "image";
  public static final String INCIDENT_PART = "incident";

  private final FeedPipeline pipeline;
  private final long maxImageBytes;

  public FeedFrameHandler(FeedPipeline pipeline, long maxImageBytes) {
    this.pipeline = pipeline;
    this.maxImageBytes = maxImageBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StalledBody.bodyComplete(ctx); // the body handler has every part
    ProblemException notMultipart = MultipartRequest.refusal(ctx.request(),
        "an '" + IMAGE_PART + "' part");
    if (notMultipart != null) {
      ctx.fail(notMultipart);
      return;
    }
    String pose;
    String incident;
    try {
      for (String name : ctx.request().formAttributes().names()) {
        if (!FeedPoseJson.PART.equals(name) && !INCIDENT_PART.equals(name)) {
          throw new ProblemException(ProblemType.UNEXPECTED_PART, "unexpected part '" + name
              + "'; a frame has an '" + IMAGE_PART + "' file part and optional '"
              + FeedPoseJson.PART + "' and '" + INCIDENT_PART + "' text parts", name);
        }
      }
      pose = single(ctx, FeedPoseJson.PART);
      incident = incident(single(ctx, INCIDENT_PART));
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    List<FileUpload> files = ctx.fileUploads();
    if (files.size() != 1 || !IMAGE_PART.equals(files.get(0).name())) {
      ctx.fail(new ProblemException(files.isEmpty() ? ProblemType.MISSING_PART
          : ProblemType.UNEXPECTED_PART, "send exactly one file part, '" + IMAGE_PART
          + "' (the JPEG frame)", IMAGE_PART));
      return;
    }
    FileUpload file = files.get(0);
    ProblemException longName = MultipartRequest.fileNameRefusal(file.fileName(), IMAGE_PART);
    if (longName != null) {
      ctx.fail(longName);
      return;
    }
    if (file.size() > maxImageBytes) {
      ctx.fail(new ProblemException(ProblemType.IMAGE_TOO_LARGE, "the frame has " + file.size()
          + " bytes; the limit is " + maxImageBytes, IMAGE_PART));
      return;
    }
    String stream = incident != null ? FeedPipeline.incidentStream(incident)
        : "connection:" + System.identityHashCode(ctx.request().connection());
    boolean cot = wantsCot(ctx);
    ctx.vertx().fileSystem().readFile(file.uploadedFileName())
        .compose(buffer -> pipeline.analyse(buffer.getBytes(), pose, incident, stream))
        .onSuccess(tagged -> {
          if (cot) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CotXml.MEDIA_TYPE)
                .end(CotXml.events(List.of(tagged.json()), baseUrl(ctx)));
          } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(tagged.json().encode());
          }
          pipeline.afterAnswer(tagged);
        })
        .onFailure(ctx::fail);
  }

  private static String single(RoutingContext ctx, String part) throws ProblemException {
    List<String> values = ctx.request().formAttributes().getAll(part);
    if (values.size() > 1) {
      throw new ProblemException(ProblemType.BAD_REQUEST, "send at most one '" + part + "' part",
          part);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** The incident id, checked; null when none was given. */
  static String incident(String text) throws ProblemException {
    if (text == null || text.isBlank()) {
      return null;
    }
    String id = text.strip();
    if (!IncidentLog.ID.matcher(id).matches()) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER, "an incident id has 1 to 64"
          + " letters, digits, '.', '_' or '-', was '" + text + "'", INCIDENT_PART);
    }
    return id;
  }

  /** Whether the client asked for Cursor-on-Target: {@code ?format=cot} or XML preferred. */
  static boolean wantsCot(RoutingContext ctx) {
    String format = ctx.queryParams().get("format");
    if (format != null) {
      return "cot".equalsIgnoreCase(format.strip());
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("xml")
        && !accept.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  /** Scheme, host and port of this request, for absolute links. */
  static String baseUrl(RoutingContext ctx) {
    String host = ctx.request().authority() == null ? "localhost"
        : ctx.request().authority().toString();
    return ctx.request().scheme() + "://" + host;
  }
}
