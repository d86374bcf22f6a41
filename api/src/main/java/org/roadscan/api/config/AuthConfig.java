package org.roadscan.api.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may call the service (issue #30), part of {@link AppConfig}. Immutable.
 *
 * @param adminToken a pre-provisioned admin secret ({@code ROADSCAN_ADMIN_TOKEN}, e.g. from a
 *     Kubernetes Secret), stored hashed at start; null for none (then the first start with no
 *     token creates one in {@code <dataDir>/admin.token})
 * @param publicRead whether the OGC API, Open311 and {@code /v1/damages.geojson} answer without a
 *     token ({@code ROADSCAN_PUBLIC_READ}, default false)
 * @param corsOrigins origins a browser may call the API from ({@code ROADSCAN_CORS_ORIGINS}, comma
 *     separated, exact {@code scheme://host[:port]}); empty: no CORS headers at all (default)
 * @param oidc OpenID Connect, or null when off (default)
 */
public record AuthConfig(String adminToken, boolean publicRead, List<String> corsOrigins,
    Oidc oidc) {

  public static final String ADMIN_TOKEN = "ROADSCAN_ADMIN_TOKEN";
  public static final String PUBLIC_READ = "ROADSCAN_PUBLIC_READ";
  public static final String CORS_ORIGINS = "ROADSCAN_CORS_ORIGINS";
  public static final String OIDC_ISSUER = "ROADSCAN_OIDC_ISSUER";
  public static final String OIDC_AUDIENCE = "ROADSCAN_OIDC_AUDIENCE";
  public static final String OIDC_ROLES_CLAIM = "ROADSCAN_OIDC_ROLES_CLAIM";
  public static final String OIDC_ROLE_PREFIX = "ROADSCAN_OIDC_ROLE_PREFIX";

  /** Shortest {@code ROADSCAN_ADMIN_TOKEN}: as unguessable as a generated token (see TokenSecret). */
  static final int MIN_ADMIN_TOKEN_CHARS = 32;
  /** Keycloak's realm roles. */
  public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?");

  /** No token pre-provisioned, nothing public, no CORS, no OIDC. */
  public static final AuthConfig DEFAULTS = new AuthConfig(null, false, List.of(), null);

  /**
   * OpenID Connect access tokens (JWT) accepted besides the service's own tokens.
   *
   * @param issuer the issuer URL ({@code ROADSCAN_OIDC_ISSUER}, e.g. {@code
   *     https://sso.example.de/realms/stadt}); its {@code /.well-known/openid-configuration}
   *     names the signing keys; https (http only for localhost)
   * @param audience the {@code aud} a token must name ({@code ROADSCAN_OIDC_AUDIENCE}, the client
   *     id; in Keycloak add an audience mapper to the client)
   * @param rolesClaim dotted path of the claim with the roles ({@code ROADSCAN_OIDC_ROLES_CLAIM},
   *     default {@value #DEFAULT_ROLES_CLAIM})
   * @param rolePrefix prefix of the claim's role names, removed before they are read as roles
   *     ({@code ROADSCAN_OIDC_ROLE_PREFIX}, default none; e.g. {@code roadscan-} for {@code
   *     roadscan-crew})
   */
  public record Oidc(URI issuer, String audience, String rolesClaim, String rolePrefix) {
    public Oidc {
      if (issuer == null || issuer.getHost() == null || !("https".equals(issuer.getScheme())
          || "http".equals(issuer.getScheme()) && isLoopback(issuer.getHost()))) {
        throw new ConfigException(OIDC_ISSUER, "expected an https:// issuer URL (http only for"
            + " localhost), was " + issuer);
      }
      if (audience == null || audience.isBlank()) {
        throw new ConfigException(OIDC_AUDIENCE, "is required with " + OIDC_ISSUER
            + " (the client id tokens are issued for)");
      }
      if (rolesClaim == null || rolesClaim.isBlank()
          || !rolesClaim.matches("[A-Za-z0-9_:-]+(\\.[A-Za-z0-9_:-]+)*")) {
        throw new ConfigException(OIDC_ROLES_CLAIM, "expected a claim name or dotted path such"
            + " as " + DEFAULT_ROLES_CLAIM + ", was '" + rolesClaim + "'");
      }
      rolePrefix = rolePrefix == null ? "" : rolePrefix;
    }

    /** The issuer without a trailing slash, as it must appear in {@code iss}. */
    public String issuerText() {
      String text = issuer.toString();
      return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static boolean isLoopback(String host) {
      return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }
  }

  public AuthConfig {
    if (adminToken != null && (adminToken.length() < MIN_ADMIN_TOKEN_CHARS
        || adminToken.chars().anyMatch(c -> c <= ' ' || c > '~'))) {
      throw new ConfigException(ADMIN_TOKEN, "must be at least " + MIN_ADMIN_TOKEN_CHARS
          + " printable ASCII characters without spaces (e.g. openssl rand -base64 32)");
    }
    corsOrigins = List.copyOf(corsOrigins);
    for (String origin : corsOrigins) {
      if (!ORIGIN.matcher(origin).matches()) {
        throw new ConfigException(CORS_ORIGINS, "expected exact origins such as"
            + " https://gis.example.de (scheme, host, optional port; no path, no *), was '"
            + origin + "'");
      }
    }
  }

  /** Parses the comma-separated origins of {@code ROADSCAN_CORS_ORIGINS}; blank: none. */
  static List<String> origins(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split(",")).map(String::strip)
        .filter(origin -> !origin.isEmpty())
        .map(origin -> origin.toLowerCase(Locale.ROOT)).toList();
  }
}
