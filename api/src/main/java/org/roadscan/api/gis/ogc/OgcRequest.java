package org.roadscan.api.gis.ogc;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * What every OGC API – Features resource checks first: no query parameter it does not document
 * (OGC 17-069r4 /req/core/query-param-unknown: 400), {@code f} only {@code json} or
 * {@code geojson} (the one encoding served), and the absolute base URL its links start with.
 *
 * @param baseUrl scheme and authority the client used, e.g. {@code https://gis.example.org}; from
 *     {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} when a trusted proxy sets them (the
 *     server removes them from every other peer's requests: {@code ROADSCAN_TRUSTED_PROXIES}),
 *     else the request's scheme and {@code Host}. A value that is no host name or address (with
 *     an optional port) is never put into a link: a forwarded one is ignored, a bad {@code Host}
 *     is refused with 400.
 */
record OgcRequest(String baseUrl) {

  /** The path prefix of the OGC API. */
  static final String ROOT = "/ogc";

  static final String JSON = "application/json";
  static final String GEO_JSON = "application/geo+json";

  /** A host name, IPv4 address or bracketed IPv6 address, with an optional port. */
  private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
      "([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?");

  /**
   * @param allowed the query parameters the resource documents besides {@code f}
   * @throws ProblemException 400 naming the first unknown parameter or a bad {@code f}
   */
  static OgcRequest of(RoutingContext ctx, Set<String> allowed) {
    for (String name : ctx.queryParams().names()) {
      if (!name.equals("f") && !allowed.contains(name)) {
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
            "unknown query parameter " + name + "; this resource accepts "
                + (allowed.isEmpty() ? "only f" : String.join(", ", allowed.stream().sorted()
                .toList()) + " and f"), name);
      }
      if (ctx.queryParams().getAll(name).size() > 1) {
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
            "query parameter " + name + " given more than once", name);
      }
    }
    String f = ctx.queryParams().get("f");
    if (f != null && !f.equals("json") && !f.equals("geojson")) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          "f must be json or geojson (the only encoding served), was " + f, "f");
    }
    return new OgcRequest(baseUrl(ctx.request()));
  }

  /** An absolute URL of {@code path} (which starts with {@code /}). */
  String url(String path) {
    return baseUrl + path;
  }

  private static String baseUrl(HttpServerRequest request) {
    String proto = firstValue(request.getHeader("X-Forwarded-Proto"));
    String host = firstValue(request.getHeader("X-Forwarded-Host"));
    if (proto == null || !proto.equals("http") && !proto.equals("https")) {
      proto = request.scheme() == null ? "http" : request.scheme();
    }
    if (host != null && !HOST.matcher(host).matches()) {
      host = null;
    }
    if (host == null) {
      host = firstValue(request.getHeader("Host"));
      if (host != null && !HOST.matcher(host).matches()) {
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
            "the Host header is not a host name or address with an optional port", "Host");
      }
    }
    if (host == null && request.authority() != null) {
      host = request.authority().toString();
    }
    return proto + "://" + (host == null ? "localhost" : host);
  }

  /** The first of a comma-separated header value (proxies append), trimmed; null when blank. */
  private static String firstValue(String header) {
    if (header == null) {
      return null;
    }
    int comma = header.indexOf(',');
    String first = (comma < 0 ? header : header.substring(0, comma)).trim();
    return first.isEmpty() ? null : first;
  }
}
