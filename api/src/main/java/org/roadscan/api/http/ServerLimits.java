package org.roadscan.api.http;

import io.vertx.core.http.HttpServerOptions;
import org.roadscan.api.config.AppConfig;

/**
 * The HTTP server's own limits (issue #30): what Netty's decoders accept before a request reaches
 * the router, and how long a silent connection lives. What the server refuses on its own becomes a
 * problem in {@link ProblemHandler} (a route's failure, or {@link ProblemHandler#invalidRequest}
 * when the request line or headers could not be decoded at all).
 */
public final class ServerLimits {

  /** Longest request line (method, URI, version), bytes: longer → 414 {@code uri-too-long}. */
  public static final int MAX_INITIAL_LINE_BYTES = 4096;
  /** Most bytes of all request headers: more → 431 {@code headers-too-large}. */
  public static final int MAX_HEADER_BYTES = 8192;
  /**
   * Most bytes of a multipart part's headers (its {@code Content-Disposition} with name and file
   * name, its {@code Content-Type}) the decoder buffers: more → 400 {@code part-header-too-large}.
   * Leaves room for a {@link MultipartRequest#MAX_FILE_NAME_CHARS}-character file name in UTF-8.
   */
  public static final int MAX_PART_HEADER_BYTES = 4096;
  /** Largest WebSocket message (a feed frame), whatever the image limit. */
  private static final long MAX_WEBSOCKET_MESSAGE_BYTES = 32L * 1024 * 1024;

  private ServerLimits() {
  }

  /**
   * The server's own idle timeout, seconds: a backstop for a request the service never answers.
   * {@link ConnectionGuard} closes idle clients ({@code ROADSCAN_IDLE_TIMEOUT_S}); the time the
   * service works on a received request (blurring a ZIP of photos) is not theirs.
   */
  public static final int WORK_BACKSTOP_S = 3600;

  /** The server options of a configuration. */
  public static HttpServerOptions options(AppConfig config) {
    AppConfig.HttpLimits limits = config.http();
    // a feed frame arrives as one WebSocket message: allow a whole JPEG, not the 256 KiB default
    int maxMessageBytes = (int) Math.min(config.maxImageBytes(), MAX_WEBSOCKET_MESSAGE_BYTES);
    return new HttpServerOptions()
        .setPort(config.httpPort())
        .setMaxWebSocketMessageSize(maxMessageBytes)
        .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setMaxFormFields(limits.maxParts())
        .setMaxFormAttributeSize(limits.maxTextPartBytes())
        .setMaxFormBufferedBytes(MAX_PART_HEADER_BYTES)
        // the connection guard applies the idle timeout to what the client does (headers, body,
        // reading the answer); the server's own only ends a request answered after an hour
        .setIdleTimeout(Math.max(limits.idleTimeoutS(), WORK_BACKSTOP_S))
        // HTTP/1.1 only: the connection guard's header and body deadlines are per connection,
        // and no client of this service needs cleartext HTTP/2 (one attack surface less)
        .setHttp2ClearTextEnabled(false);
  }
}
