package org.roadscan.api.auth.oidc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.roadscan.api.auth.Authenticator;
import org.roadscan.api.auth.Principal;
import org.roadscan.api.auth.Role;
import org.roadscan.api.config.AuthConfig;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Checks an OpenID Connect access token (a JWS in compact form) and maps it to a {@link
 * Principal}: the signature with the issuer's key ({@link OidcKeys}, by {@code kid}; an
 * asymmetric {@link JwsAlgorithm} only), then {@code iss} (the configured issuer), {@code aud}
 * (contains the configured audience), {@code exp} (required) and {@code nbf} with {@value
 * #CLOCK_SKEW_S} s of clock skew, and {@code sub} (required). The name is {@code
 * preferred_username} (Keycloak's user name), else {@code sub}; the roles are the strings of the
 * configured claim (a dotted path, Keycloak's {@code realm_access.roles} by default) named like
 * {@link Role}s, after the configured prefix. Any failure is 401 {@code unauthorized}; a valid
 * token without any of our roles is 403 {@code forbidden}.
 *
 * <p>Signature checks are short CPU work (tens of microseconds) and run on the calling event
 * loop; only key fetches do I/O, non-blocking. Thread-safe.
 */
public final class OidcVerifier {

  static final long CLOCK_SKEW_S = 60;
  /** Longest token accepted, characters (Keycloak's with many roles are a few kB). */
  private static final int MAX_TOKEN_CHARS = 16 * 1024;

  private final OidcKeys keys;
  private final AuthConfig.Oidc config;

  public OidcVerifier(OidcKeys keys, AuthConfig.Oidc config) {
    this.keys = keys;
    this.config = config;
  }

  /** Fetches the signing keys ahead of the first token (start); a failure is retried later. */
  public Future<Void> prefetch() {
    return keys.refresh().mapEmpty();
  }

  public Future<Principal> verify(String token) {
    String[] parts = token.split("\\.", -1);
    JsonObject header;
    JsonObject claims;
    byte[] signature;
    JwsAlgorithm algorithm;
    try {
      if (token.length() > MAX_TOKEN_CHARS || parts.length != 3) {
        throw invalid("not a JWS in compact form");
      }
      header = json(parts[0]);
      claims = json(parts[1]);
      signature = Base64.getUrlDecoder().decode(parts[2]);
      String alg = header.getString("alg");
      algorithm = JwsAlgorithm.of(alg).orElseThrow(() -> invalid("signature algorithm " + alg
          + " is not accepted (RS/PS/ES 256-512 only)"));
      if (header.containsKey("crit")) {
        throw invalid("critical header parameters are not supported");
      }
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(invalid("not a JWS in compact form"));
    }
    String kid = header.getString("kid");
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return keys.current()
        .compose(set -> set.find(kid, algorithm.kty()).isPresent() ? Future.succeededFuture(set)
            : keys.refreshIfAllowed())
        .recover(err -> Future.failedFuture(invalid("the issuer's signing keys cannot be"
            + " fetched right now")))
        .map(set -> {
          JwkSet.Key key = set.find(kid, algorithm.kty()).orElseThrow(() ->
              invalid("signed with a key the issuer does not publish (kid " + kid + ")"));
          if (!algorithm.verify(key.publicKey(), input, signature)) {
            throw invalid("the signature does not verify");
          }
          return principal(claims);
        });
  }

  private Principal principal(JsonObject claims) {
    Object iss = claims.getValue("iss");
    if (!(iss instanceof String issuer) || !strip(issuer).equals(config.issuerText())) {
      throw invalid("issued by " + iss + ", not by " + config.issuerText());
    }
    Object aud = claims.getValue("aud");
    boolean forUs = aud instanceof String single ? single.equals(config.audience())
        : aud instanceof JsonArray many && many.contains(config.audience());
    if (!forUs) {
      throw invalid("not issued for audience " + config.audience() + " (aud " + aud + ")");
    }
    long nowS = System.currentTimeMillis() / 1000;
    Object exp = claims.getValue("exp");
    if (!(exp instanceof Number expires)) {
      throw invalid("the token has no expiry (exp)");
    }
    if (nowS >= expires.longValue() + CLOCK_SKEW_S) {
      throw invalid("the token has expired");
    }
    if (claims.getValue("nbf") instanceof Number notBefore
        && nowS + CLOCK_SKEW_S < notBefore.longValue()) {
      throw invalid("the token is not valid yet (nbf)");
    }
    Object sub = claims.getValue("sub");
    if (!(sub instanceof String subject) || subject.isBlank()) {
      throw invalid("the token names no subject (sub)");
    }
    Object username = claims.getValue("preferred_username");
    String name = username instanceof String text && !text.isBlank() ? text : subject;
    Set<Role> roles = roles(claims);
    if (roles.isEmpty()) {
      throw new ProblemException(ProblemType.FORBIDDEN, "'" + name + "' holds none of the roles "
          + String.join(", ", Role.names()) + " in claim " + config.rolesClaim()
          + (config.rolePrefix().isEmpty() ? "" : " (prefixed " + config.rolePrefix() + ")"),
          "Authorization");
    }
    return new Principal(name, roles, "oidc:" + subject);
  }

  /** The roles in the configured claim (a dotted path; an array of strings or one string). */
  private Set<Role> roles(JsonObject claims) {
    Object node = claims;
    for (String step : config.rolesClaim().split("\\.")) {
      node = node instanceof JsonObject object ? object.getValue(step) : null;
    }
    JsonArray names = node instanceof JsonArray array ? array
        : node instanceof String single ? new JsonArray().add(single) : new JsonArray();
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object value : names) {
      if (value instanceof String text && text.startsWith(config.rolePrefix())) {
        Role.of(text.substring(config.rolePrefix().length())).ifPresent(roles::add);
      }
    }
    return roles;
  }

  private static JsonObject json(String base64Url) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(base64Url),
        StandardCharsets.UTF_8));
  }

  private static String strip(String issuer) {
    return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }

  private static ProblemException invalid(String detail) {
    return Authenticator.unauthorized("OIDC token refused: " + detail);
  }
}
