package org.roadscan.api.problem;

/**
 * The stable problem types of the API. The {@link #uri()} never changes once published; clients
 * switch on it, not on the title or detail.
 */
public enum ProblemType {
  BAD_REQUEST("bad-request", 400, "Bad request"),
  INVALID_PARAMETER("invalid-parameter", 400, "Invalid parameter"),
  MISSING_PART("missing-part", 400, "Missing multipart part"),
  INVALID_PROFILE("invalid-profile", 400, "Invalid survey profile"),
  UNEXPECTED_PART("unexpected-part", 400, "Unexpected multipart part"),
  INVALID_BODY("invalid-body", 400, "Invalid request body"),
  TOO_MANY_PARTS("too-many-parts", 400, "Too many multipart parts"),
  PART_HEADER_TOO_LARGE("part-header-too-large", 400, "Multipart part header too large"),
  FILE_NAME_TOO_LONG("file-name-too-long", 400, "File name too long"),
  MALFORMED_MULTIPART("malformed-multipart", 400, "Malformed multipart body"),
  /** No token, or one that is unknown, expired or revoked (issue #30). */
  UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
  /** A valid token whose role the route does not admit; the detail names the roles needed. */
  FORBIDDEN("forbidden", 403, "Forbidden"),
  NOT_FOUND("not-found", 404, "Not found"),
  /** The capture is registered but its image file is no longer stored (retention, issue #31). */
  IMAGE_GONE("image-gone", 404, "Image no longer stored"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  REQUEST_TIMEOUT("request-timeout", 408, "Request body too slow"),
  INVALID_TRANSITION("invalid-transition", 409, "Invalid status transition"),
  PRECONDITION_FAILED("precondition-failed", 412, "Precondition failed"),
  REQUEST_TOO_LARGE("request-too-large", 413, "Request too large"),
  IMAGE_TOO_LARGE("image-too-large", 413, "Image too large"),
  MEDIA_TOO_LARGE("media-too-large", 413, "Media part too large"),
  ARCHIVE_TOO_LARGE("archive-too-large", 413, "Archive too large"),
  TEXT_PART_TOO_LARGE("text-part-too-large", 413, "Text part too large"),
  URI_TOO_LONG("uri-too-long", 414, "URI too long"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
  MISSING_METADATA("missing-metadata", 422, "Missing image metadata"),
  INVALID_METADATA("invalid-metadata", 422, "Invalid image metadata"),
  CORRUPT_IMAGE("corrupt-image", 422, "Corrupt image"),
  TOO_MANY_PIXELS("too-many-pixels", 422, "Image has too many pixels"),
  UNSAFE_ARCHIVE("unsafe-archive", 422, "Unsafe archive"),
  FRAME_REFUSED("frame-refused", 422, "Video frame refused"),
  PRECONDITION_REQUIRED("precondition-required", 428, "Precondition required"),
  FRAME_DROPPED("frame-dropped", 429, "Frame dropped for a newer one"),
  TOO_MANY_UPLOADS("too-many-uploads", 429, "Too many uploads at once"),
  HEADERS_TOO_LARGE("headers-too-large", 431, "Request headers too large"),
  ANALYSIS_FAILED("analysis-failed", 500, "Analysis failed"),
  ANALYSIS_TIMEOUT("analysis-timeout", 500, "Analysis over its time budget"),
  INTERNAL("internal", 500, "Internal server error"),
  UNAVAILABLE("unavailable", 503, "Service unavailable"),
  DATABASE_UNAVAILABLE("database-unavailable", 503, "Database unavailable"),
  QUEUE_FULL("queue-full", 503, "Queue full"),
  TOO_MANY_CONNECTIONS("too-many-connections", 503, "Too many connections");

  private static final String PREFIX = "urn:roadscan:problem:";

  private final String slug;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  /** The RFC 9457 {@code type}, e.g. {@code urn:roadscan:problem:missing-metadata}. */
  public String uri() {
    return PREFIX + slug;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
