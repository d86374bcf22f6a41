package org.roadscan.api.problem;

import io.vertx.core.json.JsonObject;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.TooManyPixelsException;

/**
 * An RFC 9457 problem: what went wrong, for whom, and which input is at fault. Immutable.
 *
 * @param type the stable type, which also fixes {@code title} and {@code status}
 * @param detail a human explanation of this occurrence
 * @param field the request field, multipart part or image metadata tag at fault, or null
 * @param extensions further members (e.g. {@code fileName}); never null
 */
public record Problem(ProblemType type, String detail, String field, JsonObject extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem {
    if (type == null) {
      throw new IllegalArgumentException("type is required");
    }
    extensions = extensions == null ? new JsonObject() : extensions.copy();
  }

  public static Problem of(ProblemType type, String detail, String field) {
    return new Problem(type, detail, field, null);
  }

  /** The problem a capture the detector refused stands for, naming the tag or input at fault. */
  public static Problem of(CaptureException e) {
    ProblemType type = switch (e.reason()) {
      case UNSUPPORTED_MEDIA_TYPE -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
      case MISSING_METADATA -> ProblemType.MISSING_METADATA;
      case INVALID_METADATA -> ProblemType.INVALID_METADATA;
      case CORRUPT_IMAGE -> ProblemType.CORRUPT_IMAGE;
      case TOO_MANY_PIXELS -> ProblemType.TOO_MANY_PIXELS;
    };
    Problem problem = of(type, e.getMessage(), e.field());
    if (e instanceof TooManyPixelsException pixels) {
      problem = problem.with("widthPx", pixels.widthPx()).with("heightPx", pixels.heightPx())
          .with("maxMegapixels", pixels.maxPixels() / 1e6);
    }
    return problem;
  }

  /** A copy with one more extension member. */
  public Problem with(String member, Object value) {
    return new Problem(type, detail, field, extensions.copy().put(member, value));
  }

  public int status() {
    return type.status();
  }

  /** The JSON body: type, title, status, detail, field (when known), then the extensions. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", type.uri())
        .put("title", type.title())
        .put("status", type.status())
        .put("detail", detail);
    if (field != null) {
      json.put("field", field);
    }
    extensions.forEach(member -> json.put(member.getKey(), member.getValue()));
    return json;
  }
}
