package org.roadscan.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * The checks every upload route makes: the body must be multipart/form-data, and a file part's
 * name must be short enough to store and show ({@link #MAX_FILE_NAME_CHARS}). The decoder's own
 * limits (parts, text part size, part headers) are the server's ({@link ServerLimits}).
 */
public final class MultipartRequest {

  /** Longest file name of a part, characters (most file systems allow 255). */
  public static final int MAX_FILE_NAME_CHARS = 255;

  private MultipartRequest() {
  }

  /**
   * The 415 problem for a request that is not multipart/form-data, or null when it is.
   *
   * @param parts what the route expects, for the message, e.g. {@code "one or more 'image' parts"}
   */
  public static ProblemException refusal(HttpServerRequest request, String parts) {
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "send multipart/form-data with " + parts + ", not " + contentType, "Content-Type");
  }

  /**
   * The 400 problem for a file part whose name is longer than {@link #MAX_FILE_NAME_CHARS}, or null
   * when it is not.
   *
   * @param part the part's name, the field at fault
   */
  public static ProblemException fileNameRefusal(String fileName, String part) {
    if (fileName == null || fileName.length() <= MAX_FILE_NAME_CHARS) {
      return null;
    }
    return new ProblemException(Problem.of(ProblemType.FILE_NAME_TOO_LONG, "the file name of part '"
        + part + "' has " + fileName.length() + " characters; the limit is " + MAX_FILE_NAME_CHARS,
        part).with("maxFileNameChars", MAX_FILE_NAME_CHARS)
        .with("fileName", fileName.substring(0, 64) + "…"));
  }
}
