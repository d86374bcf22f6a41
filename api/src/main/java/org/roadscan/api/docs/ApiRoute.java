package org.roadscan.api.docs;

import java.util.Locale;

/**
 * One route of the service as OpenAPI names it: an upper-case HTTP method and a path template
 * with {@code {name}} parameters, e.g. {@code GET /v1/damages/{id}}.
 */
public record ApiRoute(String method, String path) implements Comparable<ApiRoute> {

  public ApiRoute {
    if (method == null || path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("method and an absolute path are required");
    }
    method = method.toUpperCase(Locale.ROOT);
  }

  @Override
  public int compareTo(ApiRoute other) {
    int byPath = path.compareTo(other.path);
    return byPath != 0 ? byPath : method.compareTo(other.method);
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
