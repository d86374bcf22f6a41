package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.roadscan.api.capture.ImageStore;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.retention.CropScaling;
import org.roadscan.api.retention.CropStore;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.image.BoxExcerpt;
import org.roadscan.detector.image.BoxExcerpt.Options;
import org.roadscan.detector.image.BoxExcerpt.View;

/**
 * {@code GET /v1/observations/{id}/image}: what the model saw, as {@code image/jpeg} ({@link
 * BoxExcerpt}): an excerpt of the capture around the observation's box ({@code view=box}, the
 * default) or the whole frame ({@code view=frame}), the box outlined in amber, the longer side at
 * most {@code size} px ({@value #MIN_SIZE_PX}..{@value #MAX_SIZE_PX}; default {@value
 * #DEFAULT_BOX_SIZE_PX} for the excerpt, {@value #DEFAULT_FRAME_SIZE_PX} for the frame).
 *
 * <p>The picture of a URL never changes (the capture's file is content-addressed, the box is
 * fixed), so it is sent with {@code Cache-Control: private, max-age=86400} and an {@code ETag} of
 * the capture's hash, the box and the parameters; a matching {@code If-None-Match} answers 304
 * while the image is still stored. 404 {@code not-found} for an unknown or malformed id, 404
 * {@code image-gone} when the capture's image was deleted (retention, issue #31) though the
 * observation stays and no excerpt of it was kept: retention keeps each observation's excerpt
 * ({@link CropStore}), so {@code view=box} still answers, from the kept excerpt scaled down to
 * {@code size} (a different ETag); {@code view=frame} is gone with the image. 400 {@code invalid-parameter} naming {@code view}, {@code size} or an unknown
 * parameter. Decoding and encoding run on the image executor, never on the event loop.
 */
public final class ObservationImageHandler implements Handler<RoutingContext> {

  public static final int MIN_SIZE_PX = 64;
  public static final int MAX_SIZE_PX = 2048;
  public static final int DEFAULT_BOX_SIZE_PX = 640;
  public static final int DEFAULT_FRAME_SIZE_PX = 1600;
  static final String CACHE_CONTROL = "private, max-age=86400";
  /** Part of every ETag: raise it when the pictures' drawing changes, so caches refetch them. */
  private static final int RENDERING = 1;
  private static final Set<String> PARAMETERS = Set.of("view", "size");

  /**
   * What the handler needs.
   *
   * @param executor runs the blocking file reads, decoding and encoding
   */
  public record Services(PgObservations observations, ImageStore images, CropStore crops,
      WorkerExecutor executor) {
  }

  /** A rendered picture, or none when the client's copy is current. */
  private record Answer(String etag, byte[] jpeg) {
  }

  private final Services services;

  public ObservationImageHandler(Services services) {
    this.services = services;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String idText = ctx.pathParam("id");
    long id;
    Options options;
    try {
      id = id(idText);
      options = options(ctx.queryParams());
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    services.observations().image(id)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(new ProblemException(ProblemType.NOT_FOUND,
                "no observation " + idText, "id")))
        .compose(image -> {
          String etag = etag(image, options);
          boolean current = matches(ifNoneMatch, etag);
          return services.executor().executeBlocking(() -> {
            try {
              return new Answer(etag, render(image, options, current));
            } catch (ProblemException gone) {
              return kept(image, options, etag, ifNoneMatch).orElseThrow(() -> gone);
            }
          }, false);
        })
        .onSuccess(answer -> {
          ctx.response()
              .putHeader(HttpHeaders.ETAG, answer.etag())
              .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
          if (answer.jpeg() == null) {
            ctx.response().setStatusCode(304).end();
          } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg")
                .end(Buffer.buffer(answer.jpeg()));
          }
        })
        .onFailure(ctx::fail);
  }

  /** Blocking. Null when the client's copy is current and the image is still stored. */
  private byte[] render(ObservationImage image, Options options, boolean current) throws Exception {
    byte[] jpeg;
    try {
      if (current) {
        if (services.images().contains(image.captureSha256())) {
          return null;
        }
        throw new NoSuchFileException(image.captureSha256());
      }
      jpeg = services.images().read(image.captureSha256());
    } catch (NoSuchFileException e) {
      throw new ProblemException(ProblemType.IMAGE_GONE, "the image of observation "
          + image.observationId() + " is no longer stored (images are kept for a limited time);"
          + " the observation and its damage remain", "id");
    }
    try {
      return BoxExcerpt.render(jpeg, image.box(), options);
    } catch (CaptureException e) {
      // the file was decoded when it was analysed: now unreadable, the store is damaged
      throw new IllegalStateException("stored image " + image.captureSha256()
          + " cannot be decoded: " + e.getMessage(), e);
    }
  }

  /**
   * Blocking. The excerpt retention kept of an observation whose image is gone, scaled to the
   * options' size, with its own ETag (scaled from the kept crop, not rendered from the capture);
   * empty for {@code view=frame} or when none was kept.
   */
  private Optional<Answer> kept(ObservationImage image, Options options, String etag,
      String ifNoneMatch) throws Exception {
    if (options.view() != View.BOX) {
      return Optional.empty();
    }
    Optional<byte[]> crop = services.crops().read(image.observationId());
    if (crop.isEmpty()) {
      return Optional.empty();
    }
    String cropEtag = etag.substring(0, etag.length() - 1) + "-crop\"";
    return Optional.of(new Answer(cropEtag, matches(ifNoneMatch, cropEtag) ? null
        : CropScaling.fit(crop.get(), options.maxSidePx())));
  }

  /** The observation id of a path parameter; 404 naming {@code id} when no id can be it. */
  static long id(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ProblemException(ProblemType.NOT_FOUND, "no observation " + text, "id");
  }

  static Options options(MultiMap params) {
    for (String name : params.names()) {
      if (!PARAMETERS.contains(name)) {
        throw new ProblemException(ProblemType.INVALID_PARAMETER, "unknown parameter '" + name
            + "'; known: size, view", name);
      }
    }
    String viewText = params.get("view");
    View view;
    if (viewText == null || viewText.equals("box")) {
      view = View.BOX;
    } else if (viewText.equals("frame")) {
      view = View.FRAME;
    } else {
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          "view must be box or frame, was '" + viewText + "'", "view");
    }
    String sizeText = params.get("size");
    if (sizeText == null) {
      return new Options(view, view == View.BOX ? DEFAULT_BOX_SIZE_PX : DEFAULT_FRAME_SIZE_PX);
    }
    int size;
    try {
      size = Integer.parseInt(sizeText);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < MIN_SIZE_PX || size > MAX_SIZE_PX) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER, "size must be an integer "
          + MIN_SIZE_PX + ".." + MAX_SIZE_PX + " (px, the longer side), was '" + sizeText + "'",
          "size");
    }
    return new Options(view, size);
  }

  /** Strong: the same capture, box, view and size always give the same picture. */
  static String etag(ObservationImage image, Options options) {
    PixelBox b = image.box();
    return String.format(Locale.ROOT, "\"%s-%s%d-%d_%d_%d_%d-r%d\"", image.captureSha256(),
        options.view().name().toLowerCase(Locale.ROOT), options.maxSidePx(), Math.round(b.x0()),
        Math.round(b.y0()), Math.round(b.x1()), Math.round(b.y1()), RENDERING);
  }

  /** RFC 9110 §13.1.2: {@code *} or a list of tags compared weakly (a {@code W/} is ignored). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
