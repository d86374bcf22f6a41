package org.roadscan.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/** The one check every upload route makes first: the body must be multipart/form-data. */
public final class MultipartRequest {

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
}
