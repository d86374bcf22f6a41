package org.roadscan.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.roadscan.api.http.UnreadBody;
import org.roadscan.api.http.UploadSlots;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * The first handler of every route that is not public ({@link AccessRoutes} mounts it on a route
 * of its own ahead of the route's handlers, so it runs before any body handler: nothing of a
 * request is read or stored before its caller is known). Reads {@code Authorization: Bearer
 * <token>} (or, on routes whose {@link Access#queryToken()} allows it, {@code ?access_token=}),
 * authenticates it ({@link Authenticator}) and checks the role: 401 {@code unauthorized} without
 * a usable token, 403 {@code forbidden} naming the roles needed. On success the {@link
 * Principal} is in the context and the response carries {@code Cache-Control: no-store} (a
 * handler may set a cache policy of its own for private data such as pictures).
 *
 * <p>The request is paused while the token is looked up (its body must not be read before), and
 * resumed for the route's handlers. A refused request's body is never stored: up to 8 MiB of it
 * is read and dropped so the client reads the answer, a larger one closes the connection after
 * the answer. Runs ahead of {@link UploadSlots}, so anonymous clients take
 * no upload slot. Thread-safe.
 */
public final class AccessHandler implements Handler<RoutingContext> {

  /** The query parameter of {@link Access#queryToken()} routes. */
  public static final String QUERY_TOKEN = "access_token";
  private static final String BEARER = "bearer ";

  private final Access access;
  private final Authenticator authenticator;
  private final boolean publicRead;

  /** @param publicRead {@code ROADSCAN_PUBLIC_READ}: whether public-read routes are public */
  public AccessHandler(Access access, Authenticator authenticator, boolean publicRead) {
    this.access = access;
    this.authenticator = authenticator;
    this.publicRead = publicRead;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (access.admitsAnonymous(publicRead)) {
      ctx.next();
      return;
    }
    String secret;
    try {
      secret = secret(ctx);
    } catch (ProblemException e) {
      refuse(ctx, e);
      return;
    }
    HttpServerRequest request = ctx.request();
    boolean wasEnded = request.isEnded();
    if (!wasEnded) {
      request.pause();
    }
    authenticator.authenticate(secret).onComplete(result -> {
      if (result.failed()) {
        refuseResumed(ctx, wasEnded, result.cause());
        return;
      }
      Principal principal = result.result();
      if (!access.admits(principal)) {
        refuseResumed(ctx, wasEnded, new ProblemException(ProblemType.FORBIDDEN, request.method() + " "
            + request.path() + " needs the role " + access.describe() + "; '"
            + principal.name() + "' has " + principal.roles().stream().map(Role::value)
            .sorted().toList(), "Authorization"));
        return;
      }
      ctx.put(Principal.CONTEXT_KEY, principal);
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      if (!wasEnded) {
        // delivery resumes on a later turn of the event loop, after the next handler has
        // attached its own (a body handler) or paused again (survey media)
        request.resume();
      }
      ctx.next();
    });
  }

  private String secret(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      if (!header.toLowerCase(Locale.ROOT).startsWith(BEARER)
          || header.substring(BEARER.length()).isBlank()) {
        throw Authenticator.unauthorized("send Authorization: Bearer <token>");
      }
      return header.substring(BEARER.length()).strip();
    }
    String query = access.queryToken() ? ctx.queryParams().get(QUERY_TOKEN) : null;
    if (query != null && !query.isBlank()) {
      return query.strip();
    }
    throw Authenticator.unauthorized("this route needs a token: send Authorization: Bearer"
        + " <token>" + (access.queryToken() ? " (or ?" + QUERY_TOKEN + "= for EventSource and"
        + " WebSocket clients)" : "") + "; roles admitted: " + access.describe());
  }

  /**
   * Resumes a request paused for the look-up (so that its end, and a body nobody reads, are
   * consumed and the connection serves its next request), then refuses it.
   */
  private static void refuseResumed(RoutingContext ctx, boolean wasEnded, Throwable failure) {
    refuse(ctx, failure);
    if (!wasEnded) {
      ctx.request().resume();
    }
  }

  /** Fails the request; its unread body is dropped or the connection closed ({@link UnreadBody}). */
  private static void refuse(RoutingContext ctx, Throwable failure) {
    UnreadBody.discard(ctx);
    ctx.fail(failure);
  }

}
