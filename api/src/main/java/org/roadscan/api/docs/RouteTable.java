package org.roadscan.api.docs;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The routes a router answers, as {@link ApiRoute}s: exact paths with their methods, Vert.x
 * {@code :name} parameters written {@code {name}}. Routes without a path or method (failure
 * handlers) and prefix routes (static files under a folder) are not API routes and are left out;
 * a path mounted several times (a limit check ahead of a body handler) counts once.
 */
public final class RouteTable {

  private static final Pattern PARAMETER = Pattern.compile(":([A-Za-z][A-Za-z0-9_]*)");

  private RouteTable() {
  }

  /** A Vert.x path ({@code /v1/damages/:id}) as a template ({@code /v1/damages/{id}}). */
  public static String template(String vertxPath) {
    return PARAMETER.matcher(vertxPath).replaceAll("{$1}");
  }

  public static List<ApiRoute> of(Router router) {
    TreeSet<ApiRoute> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      // a path with :parameters is matched by a pattern and counts as neither exact nor regex
      if (path == null || !route.isExactPath() && !path.contains(":")) {
        continue;
      }
      for (HttpMethod method : route.methods()) {
        routes.add(new ApiRoute(method.name(), template(path)));
      }
    }
    return List.copyOf(routes);
  }
}
