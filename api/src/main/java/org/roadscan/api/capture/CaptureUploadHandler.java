package org.roadscan.api.capture;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roadscan.api.jobs.Job;
import org.roadscan.api.jobs.JobHandler;
import org.roadscan.api.jobs.JobWorkers;
import org.roadscan.api.jobs.NewJob;
import org.roadscan.api.jobs.PgJobQueue;
import org.roadscan.api.http.MultipartRequest;
import org.roadscan.api.http.StalledBody;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.auth.Principal;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.geo.TrackHeadingOp;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * {@code POST /v1/captures}: multipart/form-data with one or more {@code image} parts (JPEG) and
 * optionally one {@code profile} text part: the survey profile as JSON ({@link
 * CaptureContextJson}: camera override, vehicle mount, ground height, accuracies), applying to
 * every image of the request.
 *
 * <p>Checks every part before accepting any: no other part names (400), a valid profile (400
 * {@code invalid-profile} naming the member), at least one image (400), each image within the
 * per-image limit (413), a JPEG signature (415) and usable metadata such as GPS, a possible pose
 * and a known camera (422, via the {@link CaptureValidator}). With a vehicle mount, the driving
 * direction at each image is derived from the GPS fixes and capture times of the request's images
 * ({@link TrackHeadingOp}), so a run's photos belong in one request. Then stores each image
 * content-addressed and anonymised (the {@link ImageStore} blurs faces and plates; the metadata
 * read from the original goes with the job, {@link CaptureContext#original()}), queues one job per image (with its profile and heading) in one transaction
 * and answers 202 {@code {"jobs":[{"id","state","url","fileName"}]}}, with {@code Location} when
 * there is one job. When the jobs cannot be queued (the database is down: 503), the image files
 * this request created are removed again ({@link ImageStore#settle}). File reads, hashing,
 * validation and anonymisation run on the I/O worker executor.
 */
public final class CaptureUploadHandler implements Handler<RoutingContext> {

  public static final String PART = "image";
  public static final String PROFILE_PART = "profile";

  /** What the handler needs; the executor is for blocking file work. */
  public record Services(WorkerExecutor ioExecutor, ImageStore images, CaptureValidator validator,
      PgJobQueue queue, EventBus eventBus) {
  }

  private record Upload(Path file, String fileName, long sizeBytes) {
  }

  private final Services services;
  private final long maxImageBytes;

  public CaptureUploadHandler(Services services, long maxImageBytes) {
    this.services = services;
    this.maxImageBytes = maxImageBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StalledBody.bodyComplete(ctx); // the body handler has every part
    ProblemException notMultipart = MultipartRequest.refusal(ctx.request(),
        "one or more '" + PART + "' parts");
    if (notMultipart != null) {
      ctx.fail(notMultipart);
      return;
    }
    String field = ctx.request().formAttributes().names().stream()
        .filter(name -> !PROFILE_PART.equals(name)).findFirst().orElse(null);
    if (field != null) {
      ctx.fail(new ProblemException(ProblemType.UNEXPECTED_PART, "unexpected part '" + field
          + "'; only '" + PART + "' file parts and one '" + PROFILE_PART + "' text part are"
          + " accepted", field));
      return;
    }
    SurveyProfile profile;
    try {
      profile = profile(ctx);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    List<Upload> uploads = new ArrayList<>();
    for (FileUpload part : ctx.fileUploads()) {
      String fileName = part.fileName() == null ? "" : part.fileName();
      if (PROFILE_PART.equals(part.name())) {
        ctx.fail(new ProblemException(ProblemType.INVALID_PROFILE, "send the profile as a text"
            + " part (curl -F 'profile=<profile.json'), not as a file", PROFILE_PART));
        return;
      }
      if (!PART.equals(part.name())) {
        ctx.fail(new ProblemException(Problem.of(ProblemType.UNEXPECTED_PART,
            "unexpected part '" + part.name() + "' (file " + fileName + "); only '" + PART
                + "' parts are accepted", part.name()).with("fileName", fileName)));
        return;
      }
      ProblemException longName = MultipartRequest.fileNameRefusal(fileName, part.name());
      if (longName != null) {
        ctx.fail(longName);
        return;
      }
      if (part.size() > maxImageBytes) {
        ctx.fail(new ProblemException(Problem.of(ProblemType.IMAGE_TOO_LARGE,
            fileName + " has " + part.size() + " bytes; the limit per image is " + maxImageBytes,
            PART).with("fileName", fileName).with("maxImageBytes", maxImageBytes)));
        return;
      }
      uploads.add(new Upload(Path.of(part.uploadedFileName()), fileName, part.size()));
    }
    if (uploads.isEmpty()) {
      ctx.fail(new ProblemException(ProblemType.MISSING_PART,
          "no '" + PART + "' part: send the photo as multipart/form-data part '" + PART + "'",
          PART));
      return;
    }
    List<ImageStore.Stored> stored = new ArrayList<>(uploads.size());
    Future<List<Job>> queued = services.ioExecutor()
        .executeBlocking(() -> accept(uploads, profile, stored), false)
        .compose(newJobs -> services.queue().enqueue(newJobs, Principal.of(ctx).name()));
    queued.eventually(() -> settle(stored, queued.succeeded()))
        .onSuccess(jobs -> {
          services.eventBus().publish(JobWorkers.QUEUED_ADDRESS, jobs.size());
          respond(ctx, jobs);
        })
        .onFailure(ctx::fail);
  }

  /**
   * Settles the request's image claims: kept when its jobs were queued; otherwise (the database
   * is down, say) the files it created go, so no image without a job is left behind.
   */
  private Future<Void> settle(List<ImageStore.Stored> stored, boolean kept) {
    if (stored.isEmpty()) {
      return Future.succeededFuture();
    }
    return services.ioExecutor().<Void>executeBlocking(() -> {
      for (ImageStore.Stored image : stored) {
        services.images().settle(image, kept);
      }
      return null;
    }, false).recover(err -> Future.succeededFuture()); // the request's own outcome matters more
  }

  private static SurveyProfile profile(RoutingContext ctx) throws ProblemException {
    List<String> texts = ctx.request().formAttributes().getAll(PROFILE_PART);
    if (texts.isEmpty()) {
      return SurveyProfile.NONE;
    }
    if (texts.size() > 1) {
      throw new ProblemException(ProblemType.INVALID_PROFILE,
          "send at most one '" + PROFILE_PART + "' part; it applies to every image", PROFILE_PART);
    }
    return CaptureContextJson.parseProfile(texts.get(0), PROFILE_PART);
  }

  /**
   * Runs on the I/O executor: validates every upload, then stores them all, adding each to
   * {@code stored} (claims to settle). Blocking.
   */
  private List<NewJob> accept(List<Upload> uploads, SurveyProfile profile,
      List<ImageStore.Stored> stored) throws Exception {
    List<byte[]> contents = new ArrayList<>(uploads.size());
    List<CaptureMetadata> originals = new ArrayList<>(uploads.size());
    List<TrackHeadingOp.Fix> fixes = new ArrayList<>(uploads.size());
    for (Upload upload : uploads) {
      byte[] bytes = Files.readAllBytes(upload.file());
      if (!JpegSignature.matches(bytes)) {
        throw new ProblemException(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
            upload.fileName() + " is not a JPEG image", PART)
            .with("fileName", upload.fileName()));
      }
      try {
        CaptureMetadata metadata = services.validator().check(bytes, profile);
        originals.add(metadata);
        fixes.add(new TrackHeadingOp.Fix(metadata.takenAt(), metadata.lonDeg(),
            metadata.latDeg()));
      } catch (CaptureException e) {
        throw new ProblemException(Problem.of(e).with("fileName", upload.fileName()));
      }
      contents.add(bytes);
    }
    List<Double> headings = profile.mount() == null ? null : TrackHeadingOp.headings(fixes);
    List<NewJob> newJobs = new ArrayList<>(uploads.size());
    for (int i = 0; i < uploads.size(); i++) {
      ImageStore.Stored image;
      try {
        image = services.images().claim(contents.get(i));
      } catch (CaptureException e) {
        // the metadata read, the pixels do not decode: nothing of it is stored
        throw new ProblemException(Problem.of(e).with("fileName", uploads.get(i).fileName()));
      }
      synchronized (stored) {
        stored.add(image);
      }
      // the stored image is the anonymised copy, without EXIF/XMP: the original's tags go along
      CaptureContext context = new CaptureContext(profile,
          headings == null ? null : headings.get(i)).withOriginal(originals.get(i));
      newJobs.add(new NewJob(image.sha256(), uploads.get(i).fileName(),
          CaptureContextJson.toJson(context), image.privacy()));
    }
    return newJobs;
  }

  private static void respond(RoutingContext ctx, List<Job> jobs) {
    JsonArray items = new JsonArray();
    for (Job job : jobs) {
      items.add(new JsonObject()
          .put("id", job.id().toString())
          .put("state", job.state().value())
          .put("url", JobHandler.url(job.id()))
          .put("fileName", job.fileName()));
    }
    if (jobs.size() == 1) {
      ctx.response().putHeader(HttpHeaders.LOCATION, JobHandler.url(jobs.get(0).id()));
    }
    ctx.response().setStatusCode(202)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("jobs", items).encode());
  }
}
