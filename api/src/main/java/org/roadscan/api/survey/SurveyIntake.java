package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.roadscan.api.capture.CaptureContextJson;
import org.roadscan.api.capture.CaptureValidator;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.capture.JpegSignature;
import org.roadscan.api.jobs.JobWorkers;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.TrackHeadingOp;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * Turns the parts of one media request, already streamed to temporary files and hashed, into
 * jobs and videos of a survey, part by part: each part is accepted or refused on its own.
 *
 * <ul>
 *   <li>{@code image}: bytes already queued in this survey are a duplicate (not validated, not
 *       queued again); others are checked by the {@link CaptureValidator}, adopted by the {@link
 *       ImageStore} (an atomic move into a directory, one PUT into a bucket) and queued with the
 *       survey's profile and, with a vehicle mount, the driving direction from the request's
 *       images ({@link TrackHeadingOp}).
 *   <li>{@code zip}: expanded by {@link ZipExpansion} (on the I/O executor); its JPEG entries are
 *       images as above, the rest is listed as skipped.
 *   <li>{@code video} with {@code telemetry} (DJI .SRT) or {@code track} (GPX), paired by base
 *       name, or with each other when the request has one of each: stored in the {@link
 *       MediaStore} and inserted as a queued video for {@link MediaExpansion}.
 * </ul>
 * File work runs on the I/O executor; PostgreSQL through the pool. Thread-safe.
 */
final class SurveyIntake {

  /** What the intake needs. */
  record Services(WorkerExecutor ioExecutor, ImageStore images, MediaStore media,
      CaptureValidator validator, PgSurveys surveys, EventBus eventBus, Path uploadDir,
      long maxImageBytes, long maxZipBytes) {
  }

  /** The answer: one entry per accepted part, one per refused part. */
  record Outcome(JsonArray accepted, JsonArray refused) {
  }

  private static final Set<String> VIDEO_BOXES = Set.of("ftyp", "moov", "mdat", "wide", "free",
      "skip");

  /** An image to queue, from an image part or a ZIP entry, and what became of it. */
  private static final class Candidate {
    final String fileName;
    final Path file;
    final String sha256;
    final long bytes;
    UUID jobId;
    boolean duplicate;
    Problem refused;
    CaptureMetadata metadata;
    ImageStore.Stored stored;

    Candidate(String fileName, Path file, String sha256, long bytes) {
      this.fileName = fileName;
      this.file = file;
      this.sha256 = sha256;
      this.bytes = bytes;
    }

    JsonObject json() {
      JsonObject json = new JsonObject().put("fileName", fileName).put("sha256", sha256)
          .put("bytes", bytes);
      if (refused != null) {
        return json.put("problem", refused.toJson());
      }
      return json.put("duplicate", duplicate).put("jobId", jobId.toString())
          .put("job", "/v1/jobs/" + jobId);
    }
  }

  private final Services services;

  SurveyIntake(Services services) {
    this.services = services;
  }

  Future<Outcome> accept(Survey survey, List<ReceivedPart> parts) {
    JsonArray accepted = new JsonArray();
    JsonArray refused = new JsonArray();
    List<Candidate> images = new ArrayList<>();
    Map<ReceivedPart, List<Candidate>> zipImages = new HashMap<>();
    Map<ReceivedPart, ZipExpansion.Result> zips = new HashMap<>();
    Future<Void> expanded = Future.succeededFuture();
    for (ReceivedPart part : parts) {
      if (part.part() == MediaPart.IMAGE) {
        images.add(new Candidate(part.fileName(), part.file(), part.sha256(), part.bytes()));
      } else if (part.part() == MediaPart.ZIP) {
        expanded = expanded.compose(v -> expand(part)
            .map(result -> {
              List<Candidate> entries = new ArrayList<>();
              for (ZipExpansion.Image image : result.images()) {
                entries.add(new Candidate(image.entry(), image.file(), image.sha256(),
                    image.bytes()));
              }
              synchronized (images) {
                images.addAll(entries);
                zipImages.put(part, entries);
                zips.put(part, result);
              }
              return (Void) null;
            })
            .recover(err -> err instanceof ProblemException problem
                ? Future.succeededFuture(refuse(refused, part, problem.problem()))
                : Future.failedFuture(err)));
      }
    }
    return expanded
        .compose(v -> queueImages(survey, images))
        .compose(v -> {
          for (ReceivedPart part : parts) {
            if (part.part() == MediaPart.IMAGE) {
              Candidate c = images.stream().filter(i -> i.file.equals(part.file())).findFirst()
                  .orElseThrow();
              if (c.refused != null) {
                refuse(refused, part, c.refused);
              } else {
                accepted.add(c.json().put("kind", part.part().value())
                    .put("jobIds", new JsonArray().add(c.jobId.toString())));
              }
            } else if (zips.containsKey(part)) {
              accepted.add(zipJson(part, zipImages.get(part), zips.get(part)));
            }
          }
          return queueVideos(survey, parts, accepted, refused);
        })
        .map(v -> new Outcome(accepted, refused));
  }

  private Future<ZipExpansion.Result> expand(ReceivedPart zip) {
    return services.ioExecutor().executeBlocking(() -> {
      try {
        return new ZipExpansion(services.uploadDir(), services.maxImageBytes(),
            services.maxZipBytes()).expand(zip.file(), zip.fileName());
      } finally {
        Files.deleteIfExists(zip.file());
      }
    }, false);
  }

  private static JsonObject zipJson(ReceivedPart part, List<Candidate> images,
      ZipExpansion.Result result) {
    JsonArray jobIds = new JsonArray();
    JsonArray entries = new JsonArray();
    JsonArray skipped = new JsonArray();
    boolean allDuplicates = !images.isEmpty();
    for (Candidate c : images) {
      entries.add(c.json().put("entry", c.fileName));
      if (c.jobId != null) {
        jobIds.add(c.jobId.toString());
      }
      allDuplicates &= c.duplicate;
    }
    for (ZipExpansion.Skipped s : result.skipped()) {
      JsonObject json = new JsonObject().put("entry", s.entry()).put("reason", s.reason());
      if (s.problem() != null) {
        json.put("problem", s.problem().toJson());
      }
      skipped.add(json);
    }
    return new JsonObject().put("kind", MediaPart.ZIP.value()).put("fileName", part.fileName())
        .put("sha256", part.sha256()).put("bytes", part.bytes())
        .put("duplicate", allDuplicates).put("jobIds", jobIds).put("images", entries)
        .put("skipped", skipped);
  }

  /** Duplicates, then validation and storing (I/O executor), then one job per image. */
  private Future<Void> queueImages(Survey survey, List<Candidate> images) {
    if (images.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> lookups = new ArrayList<>();
    for (Candidate c : images) {
      lookups.add(services.surveys().imageJob(survey.id(), c.sha256).map(job -> {
        job.ifPresent(id -> {
          c.jobId = id;
          c.duplicate = true;
        });
        return null;
      }));
    }
    CaptureContext context = survey.context();
    Future<List<Double>> stored = Future.all(lookups)
        .compose(v -> services.ioExecutor().executeBlocking(() -> validateAndStore(images,
            context), false));
    Future<Void> queued = stored.compose(headings -> {
      List<Candidate> storedImages = new ArrayList<>();
      List<PgSurveys.NewImageJob> jobs = new ArrayList<>();
      for (Candidate c : images) {
        if (c.stored == null) {
          continue;
        }
        Double heading = headings == null ? null : headings.get(storedImages.size());
        storedImages.add(c);
        // the stored image is the anonymised copy, without EXIF/XMP: the original's tags go along
        jobs.add(new PgSurveys.NewImageJob(c.sha256, c.fileName, CaptureContextJson.toJson(
            new CaptureContext(context.profile(), heading).withOriginal(c.metadata)),
            c.stored.privacy()));
      }
      return jobs.isEmpty() ? Future.<Void>succeededFuture()
          : services.surveys().enqueueImages(survey.id(), jobs).map(queuedJobs -> {
            for (int i = 0; i < queuedJobs.size(); i++) {
              storedImages.get(i).jobId = queuedJobs.get(i).jobId();
              storedImages.get(i).duplicate = queuedJobs.get(i).duplicate();
            }
            return null;
          });
    });
    return queued
        .eventually(() -> settle(images))
        .onSuccess(v -> services.eventBus().publish(JobWorkers.QUEUED_ADDRESS, images.size()));
  }

  /**
   * On the I/O executor: checks each new image, then stores the valid ones anonymised (the image
   * store blurs them from their spooled files, which it deletes).
   *
   * @return track headings of the stored images in order, or null without a vehicle mount
   */
  private List<Double> validateAndStore(List<Candidate> images, CaptureContext context)
      throws IOException {
    List<TrackHeadingOp.Fix> fixes = new ArrayList<>();
    for (Candidate c : images) {
      if (c.duplicate) {
        Files.deleteIfExists(c.file);
        continue;
      }
      byte[] bytes = Files.readAllBytes(c.file);
      if (!JpegSignature.matches(bytes)) {
        c.refused = Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, c.fileName
            + " is not a JPEG image", MediaPart.IMAGE.value()).with("fileName", c.fileName);
      } else {
        try {
          c.metadata = services.validator().check(bytes, context.profile());
          fixes.add(new TrackHeadingOp.Fix(c.metadata.takenAt(), c.metadata.lonDeg(),
              c.metadata.latDeg()));
        } catch (CaptureException e) {
          c.refused = Problem.of(e).with("fileName", c.fileName);
        }
      }
      if (c.refused != null) {
        Files.deleteIfExists(c.file);
      }
    }
    List<TrackHeadingOp.Fix> storedFixes = new ArrayList<>(fixes.size());
    for (Candidate c : images) {
      if (c.metadata == null) {
        continue;
      }
      try {
        // anonymised from the spooled upload, which the store deletes
        c.stored = services.images().claim(c.file, c.sha256);
        storedFixes.add(new TrackHeadingOp.Fix(c.metadata.takenAt(), c.metadata.lonDeg(),
            c.metadata.latDeg()));
      } catch (CaptureException e) {
        // the metadata read, the pixels do not decode: refused, nothing stored
        c.refused = Problem.of(e).with("fileName", c.fileName);
        c.metadata = null;
      }
    }
    return context.profile().mount() == null || storedFixes.isEmpty() ? null
        : TrackHeadingOp.headings(storedFixes);
  }

  /** Keeps the stored images whose job this request queued; removes the others it created. */
  private Future<Void> settle(List<Candidate> images) {
    return services.ioExecutor().<Void>executeBlocking(() -> {
      for (Candidate c : images) {
        if (c.stored != null) {
          services.images().settle(c.stored, c.jobId != null && !c.duplicate);
        }
        Files.deleteIfExists(c.file);
      }
      return null;
    }, false).recover(err -> Future.succeededFuture());
  }

  /** Pairs videos with telemetry or tracks, stores them and inserts the queued videos. */
  private Future<Void> queueVideos(Survey survey, List<ReceivedPart> parts, JsonArray accepted,
      JsonArray refused) {
    List<ReceivedPart> videos = parts.stream().filter(p -> p.part() == MediaPart.VIDEO).toList();
    List<ReceivedPart> tracks = parts.stream()
        .filter(p -> p.part() == MediaPart.TELEMETRY || p.part() == MediaPart.TRACK).toList();
    List<ReceivedPart> pairedTracks = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (ReceivedPart video : videos) {
      ReceivedPart track = tracks.stream()
          .filter(t -> baseName(t.fileName()).equals(baseName(video.fileName())))
          .findFirst()
          .orElse(videos.size() == 1 && tracks.size() == 1 ? tracks.get(0) : null);
      if (track == null) {
        refuse(refused, video, Problem.of(ProblemType.MISSING_PART, video.fileName()
            + " has no telemetry (DJI .SRT) or track (GPX): send it as part 'telemetry' or"
            + " 'track' with the same base name", MediaPart.VIDEO.value()));
        continue;
      }
      pairedTracks.add(track);
      if (!VIDEO_BOXES.contains(box(video.head()))) {
        refuse(refused, video, Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, video.fileName()
            + " is not an MP4 or MOV video", MediaPart.VIDEO.value()));
        continue;
      }
      if (!looksLikeTrack(track)) {
        refuse(refused, track, Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, track.fileName()
            + (track.part() == MediaPart.TRACK ? " is not a GPX track"
                : " is not a DJI .SRT telemetry file"), track.part().value()));
        continue;
      }
      chain = chain.compose(v -> queueVideo(survey, video, track, accepted));
    }
    for (ReceivedPart track : tracks) {
      if (!pairedTracks.contains(track)) {
        refuse(refused, track, Problem.of(ProblemType.UNEXPECTED_PART, track.fileName()
            + " belongs to no video of the request (pair them by base name, e.g. DJI_0001.MP4"
            + " and DJI_0001.SRT)", track.part().value()));
      }
    }
    return chain;
  }

  private Future<Void> queueVideo(Survey survey, ReceivedPart video, ReceivedPart track,
      JsonArray accepted) {
    String trackKind = track.part() == MediaPart.TRACK ? "gpx" : "srt";
    return services.ioExecutor().executeBlocking(() -> {
          services.media().adopt(video.file(), video.sha256(), videoExtension(video.fileName()));
          services.media().adopt(track.file(), track.sha256(), trackKind);
          return null;
        }, false)
        .compose(v -> services.surveys().insertVideo(survey.id(), new PgSurveys.NewVideo(
            video.fileName(), video.sha256(), video.bytes(), trackKind, track.fileName(),
            track.sha256())))
        .map(queued -> {
          accepted.add(new JsonObject().put("kind", MediaPart.VIDEO.value())
              .put("fileName", video.fileName()).put("sha256", video.sha256())
              .put("bytes", video.bytes()).put("duplicate", queued.duplicate())
              .put("mediaId", queued.mediaId())
              .put(track.part().value(), new JsonObject().put("fileName", track.fileName())
                  .put("sha256", track.sha256()).put("bytes", track.bytes())));
          services.eventBus().publish(MediaExpansion.QUEUED_ADDRESS, queued.mediaId());
          return null;
        });
  }

  /** The video's extension in the media store. */
  static String videoExtension(String fileName) {
    return MediaStore.videoExtension(fileName);
  }

  private static boolean looksLikeTrack(ReceivedPart track) {
    String head = new String(track.head(), StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
    return track.part() == MediaPart.TRACK ? head.startsWith("<")
        : !head.isEmpty() && Character.isDigit(head.charAt(0));
  }

  private static String box(byte[] head) {
    return head.length < 8 ? "" : new String(head, 4, 4, StandardCharsets.ISO_8859_1);
  }

  private static String baseName(String fileName) {
    String name = fileName.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
  }

  private static Void refuse(JsonArray refused, ReceivedPart part, Problem problem) {
    Problem named = problem.extensions().containsKey("fileName") ? problem
        : problem.with("fileName", part.fileName());
    synchronized (refused) {
      refused.add(new JsonObject().put("kind", part.part().value())
          .put("fileName", part.fileName()).put("problem", named.toJson()));
    }
    return null;
  }
}
