package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.Pipe;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.http.MultipartRequest;
import org.roadscan.api.http.ProblemHandler;
import org.roadscan.api.http.UnreadBody;
import org.roadscan.api.http.StalledBody;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/surveys/{id}/media}: multipart/form-data with any of {@code image} (JPEG),
 * {@code zip} (a photo folder), {@code video} (MP4/MOV) with {@code telemetry} (DJI .SRT) or
 * {@code track} (GPX). Mounted without a body handler: each part streams into a temporary file
 * of the upload directory through a {@link HashingFileStream} ({@code pipeTo}: backpressure from
 * the disk to the client's TCP window, SHA-256 per chunk), never whole into memory.
 *
 * <p>Before reading a byte: unknown survey 404, queue or disk full 503 {@code queue-full} with
 * {@code Retry-After} ({@link IntakeGate}); {@code 100 Continue} is sent only after these checks,
 * so a client that asks for it sends nothing in vain. While streaming, a part over its limit
 * (image: {@code ROADSCAN_MAX_IMAGE_MB}, video: {@code ROADSCAN_MAX_VIDEO_MB}, zip: {@code
 * ROADSCAN_MAX_ZIP_MB}, telemetry and track: the image limit) or an unknown part name ends the
 * request at once (413, 400) and closes the connection; the request's temporary files are
 * deleted. After the last part the {@link SurveyIntake} accepts or refuses each part: 202 {@code
 * {"accepted": [...], "refused": [...]}} when at least one was accepted, else the first refusal's
 * problem with all of them under {@code refused}.
 */
public final class SurveyMediaHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(SurveyMediaHandler.class);

  /** What the handler needs. */
  public record Services(Vertx vertx, PgSurveys surveys, SurveyIntake.Services intake) {
  }

  private final Services services;
  private final AppConfig config;
  private final IntakeGate gate;
  private final SurveyIntake intake;

  public SurveyMediaHandler(Services services, AppConfig config) {
    this.services = services;
    this.config = config;
    this.gate = new IntakeGate(services.surveys(), services.intake().ioExecutor(),
        config.dataDir(), config.intake());
    this.intake = new SurveyIntake(services.intake());
  }

  /** The intake services of a configuration (the limits and directories it sets). */
  public static SurveyIntake.Services intakeServices(AppConfig config,
      io.vertx.core.WorkerExecutor ioExecutor, org.roadscan.api.capture.ImageStore images,
      org.roadscan.api.capture.CaptureValidator validator, PgSurveys surveys,
      io.vertx.core.eventbus.EventBus eventBus) {
    return new SurveyIntake.Services(ioExecutor, images, new MediaStore(config.mediaDir()),
        validator, surveys, eventBus, config.uploadDir(), config.maxImageBytes(),
        config.intake().maxZipBytes());
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    ProblemException notMultipart = MultipartRequest.refusal(request,
        "'image', 'zip', 'video' and 'telemetry' or 'track' parts");
    if (notMultipart != null) {
      refuseUnread(ctx, notMultipart);
      return;
    }
    long surveyId;
    try {
      surveyId = SurveyHandler.surveyId(ctx);
    } catch (ProblemException e) {
      refuseUnread(ctx, e);
      return;
    }
    services.surveys().find(surveyId)
        .compose(found -> SurveyHandler.visible(ctx, surveyId, found))
        .compose(survey -> gate.check().map(survey))
        .onSuccess(survey -> new Reception(ctx, survey).start())
        .onFailure(err -> refuseUnread(ctx, err));
  }

  /** Answers a request whose body was not read ({@link UnreadBody}: dropped, or closed after). */
  private static void refuseUnread(RoutingContext ctx, Throwable err) {
    UnreadBody.discard(ctx);
    ctx.fail(err);
  }

  private long limitOf(MediaPart part) {
    return switch (part) {
      case VIDEO -> config.intake().maxVideoBytes();
      case ZIP -> config.intake().maxZipBytes();
      case IMAGE, TELEMETRY, TRACK -> config.maxImageBytes();
    };
  }

  /** One request's parts; confined to the request's event loop. */
  private final class Reception {
    private final RoutingContext ctx;
    private final Survey survey;
    private final List<Future<ReceivedPart>> parts = new ArrayList<>();
    private final List<Path> temporaries = new ArrayList<>();
    private boolean aborted;

    Reception(RoutingContext ctx, Survey survey) {
      this.ctx = ctx;
      this.survey = survey;
    }

    void start() {
      HttpServerRequest request = ctx.request();
      if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
        ctx.response().writeContinue();
      }
      request.setExpectMultipart(true);
      request.uploadHandler(this::part);
      request.exceptionHandler(err -> abort(err));
      request.endHandler(v -> finish());
      request.resume();
    }

    private void part(HttpServerFileUpload upload) {
      if (aborted) {
        upload.handler(discarded -> { });
        return;
      }
      MediaPart part = MediaPart.of(upload.name());
      String fileName = upload.filename() == null ? "" : upload.filename();
      if (part == null) {
        upload.handler(discarded -> { });
        abort(new ProblemException(Problem.of(ProblemType.UNEXPECTED_PART, "unexpected part '"
            + upload.name() + "' (file " + fileName + "); parts are image, zip, video,"
            + " telemetry and track", upload.name()).with("fileName", fileName)));
        return;
      }
      ProblemException longName = MultipartRequest.fileNameRefusal(fileName, upload.name());
      if (longName != null) {
        upload.handler(discarded -> { });
        abort(longName);
        return;
      }
      long limit = limitOf(part);
      Pipe<Buffer> pipe = upload.pipe();
      Path file = config.uploadDir().resolve("survey-" + UUID.randomUUID() + ".part");
      temporaries.add(file);
      Future<ReceivedPart> received = services.vertx().fileSystem()
          .open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
          .compose(asyncFile -> {
            HashingFileStream stream = new HashingFileStream(asyncFile, limit);
            return pipe.to(stream)
                .map(v -> new ReceivedPart(part, fileName, file, stream.sha256(), stream.bytes(),
                    stream.head()))
                .recover(err -> Future.failedFuture(stream.overLimit()
                    ? tooLarge(part, fileName, limit) : err));
          });
      received.onFailure(this::abort);
      parts.add(received);
    }

    private ProblemException tooLarge(MediaPart part, String fileName, long limit) {
      ProblemType type = part == MediaPart.IMAGE ? ProblemType.IMAGE_TOO_LARGE
          : ProblemType.MEDIA_TOO_LARGE;
      return new ProblemException(Problem.of(type, "part '" + part.value() + "' (" + fileName
          + ") exceeds the limit of " + limit + " bytes", part.value())
          .with("fileName", fileName).with("maxBytes", limit));
    }

    private void finish() {
      if (aborted) {
        return;
      }
      if (!ctx.request().formAttributes().isEmpty()) {
        String name = ctx.request().formAttributes().names().iterator().next();
        abort(new ProblemException(ProblemType.UNEXPECTED_PART, "unexpected text part '" + name
            + "'; send image, zip, video, telemetry and track as file parts", name));
        return;
      }
      Future.all(parts)
          .compose(all -> {
            StalledBody.bodyComplete(ctx);
            List<ReceivedPart> received = new ArrayList<>();
            parts.forEach(p -> received.add(p.result()));
            if (received.isEmpty()) {
              return Future.failedFuture(new ProblemException(ProblemType.MISSING_PART,
                  "no part: send 'image', 'zip' or 'video' with 'telemetry' or 'track'",
                  MediaPart.IMAGE.value()));
            }
            return intake.accept(survey, received);
          })
          .eventually(this::deleteTemporaries)
          .onSuccess(this::respond)
          .onFailure(err -> {
            if (!aborted) {
              ctx.fail(err);
            }
          });
    }

    private void respond(SurveyIntake.Outcome outcome) {
      if (outcome.accepted().isEmpty()) {
        JsonObject first = outcome.refused().getJsonObject(0).getJsonObject("problem");
        Problem problem = new Problem(typeOf(first), first.getString("detail"),
            first.getString("field"), null).with("fileName", first.getString("fileName"))
            .with("refused", outcome.refused());
        if (first.containsKey("entry")) {
          problem = problem.with("entry", first.getString("entry"));
        }
        ctx.fail(new ProblemException(problem));
        return;
      }
      ctx.response().setStatusCode(202)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader(HttpHeaders.LOCATION, Survey.url(survey.id()))
          .end(new JsonObject().put("survey", Survey.url(survey.id()))
              .put("accepted", outcome.accepted()).put("refused", outcome.refused()).encode());
    }

    /** Stops reading, deletes what the request wrote, answers the problem and closes. */
    private void abort(Throwable err) {
      if (aborted) {
        return;
      }
      aborted = true;
      if (!(err instanceof ProblemException)) {
        LOG.info("upload to survey {} ended early: {}", survey.id(), err.toString());
      }
      // A part still opening its file deletes it when it completes.
      parts.forEach(p -> p.onComplete(done -> deleteTemporaries()));
      // Answered once the files are gone, so a client never sees a refused part's file on disk.
      deleteTemporaries().onComplete(deleted -> {
        if (!ctx.response().closed() && !ctx.response().ended()) {
          ProblemHandler.failMidBody(ctx, err);
        }
      });
    }

    private Future<Void> deleteTemporaries() {
      List<Path> files = List.copyOf(temporaries);
      return services.intake().ioExecutor().<Void>executeBlocking(() -> {
        for (Path file : files) {
          java.nio.file.Files.deleteIfExists(file);
        }
        return null;
      }, false).recover(err -> Future.succeededFuture());
    }
  }

  private static ProblemType typeOf(JsonObject problem) {
    String uri = problem.getString("type");
    for (ProblemType type : ProblemType.values()) {
      if (type.uri().equals(uri)) {
        return type;
      }
    }
    return ProblemType.BAD_REQUEST;
  }
}
