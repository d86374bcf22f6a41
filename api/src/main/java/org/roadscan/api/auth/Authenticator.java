package org.roadscan.api.auth;

import io.vertx.core.Future;
import org.roadscan.api.auth.oidc.OidcVerifier;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Turns a bearer secret into a {@link Principal}: a JWT (three dot-separated parts) is checked
 * by the {@link OidcVerifier} when OpenID Connect is configured; anything else is looked up as
 * one of the service's own tokens ({@link PgTokens}; they contain no dot). Fails with a 401
 * {@code unauthorized} problem. Thread-safe, non-blocking.
 */
public final class Authenticator {

  private final PgTokens tokens;
  private final OidcVerifier oidc;

  /** @param oidc the OIDC verifier, or null when OIDC is off */
  public Authenticator(PgTokens tokens, OidcVerifier oidc) {
    this.tokens = tokens;
    this.oidc = oidc;
  }

  public Future<Principal> authenticate(String secret) {
    if (secret.chars().filter(c -> c == '.').count() == 2) {
      if (oidc == null) {
        return Future.failedFuture(unauthorized("the token looks like a JWT, but OpenID Connect"
            + " is not configured here; send a RoadScan token (rs_…)"));
      }
      return oidc.verify(secret);
    }
    return tokens.authenticate(secret).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(unauthorized("the token is unknown, expired or revoked")));
  }

  /** A 401 problem; {@code ProblemHandler} adds {@code WWW-Authenticate: Bearer}. */
  public static ProblemException unauthorized(String detail) {
    return new ProblemException(ProblemType.UNAUTHORIZED, detail, "Authorization");
  }
}
