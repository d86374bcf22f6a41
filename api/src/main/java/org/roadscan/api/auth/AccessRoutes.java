package org.roadscan.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roadscan.api.docs.ApiRoute;
import org.roadscan.api.docs.RouteTable;

/**
 * Registers routes together with the {@link Access} each admits: {@code routes.get(path,
 * access)} mounts an {@link AccessHandler} on a route of its own for that method and path (once,
 * ahead of every handler later mounted on it) and returns a route for the handlers. {@link
 * #verify} then fails the router's build when any route of {@link RouteTable#of} was registered
 * without access, so a new route cannot be forgotten. Confined to the thread building the
 * router; the table it leaves is immutable.
 */
public final class AccessRoutes {

  /** Router metadata key of the declared table ({@code Map<ApiRoute, Access>}). */
  public static final String METADATA_KEY = "roadscan.access";
  /** Routing context key of the matched route's template ({@link #routeOf}). */
  private static final String ROUTE_KEY = "roadscan.route";

  private final Router router;
  private final Authenticator authenticator;
  private final boolean publicRead;
  private final Map<ApiRoute, Access> declared = new TreeMap<>();

  /** @param publicRead {@code ROADSCAN_PUBLIC_READ} */
  public AccessRoutes(Router router, Authenticator authenticator, boolean publicRead) {
    this.router = router;
    this.authenticator = authenticator;
    this.publicRead = publicRead;
  }

  public Route get(String path, Access access) {
    return route(HttpMethod.GET, path, access);
  }

  public Route post(String path, Access access) {
    return route(HttpMethod.POST, path, access);
  }

  public Route patch(String path, Access access) {
    return route(HttpMethod.PATCH, path, access);
  }

  public Route delete(String path, Access access) {
    return route(HttpMethod.DELETE, path, access);
  }

  /**
   * A route for {@code method} and {@code path} (Vert.x syntax, {@code :id}) behind {@code
   * access}. Registering the same method and path again (a limit check ahead of a body handler)
   * must name the same access.
   *
   * @throws IllegalStateException when the same route is declared with another access
   */
  public Route route(HttpMethod method, String path, Access access) {
    declare(method, path, access, true);
    return router.route(method, path);
  }

  /**
   * A route for several methods of {@code path}, which may also be a prefix ({@code /app/*}:
   * static files); each method is declared as by {@link #route(HttpMethod, String, Access)}.
   */
  public Route route(String path, Access access, HttpMethod... methods) {
    String template = RouteTable.template(path);
    List<HttpMethod> fresh = java.util.Arrays.stream(methods)
        .filter(method -> !declared.containsKey(new ApiRoute(method.name(), template))).toList();
    if (!fresh.isEmpty()) {
      // one tag route for all its methods: a route per method would match the path with the
      // other methods and turn a 404 of the handler into 405
      Route tag = router.route(path).handler(tag(template));
      fresh.forEach(tag::method);
    }
    Route route = router.route(path);
    for (HttpMethod method : methods) {
      declare(method, path, access, false);
      route.method(method);
    }
    return route;
  }

  /** @param tagHere whether to mount the route's {@link #routeOf} tag (else the caller did) */
  private void declare(HttpMethod method, String path, Access access, boolean tagHere) {
    ApiRoute key = new ApiRoute(method.name(), RouteTable.template(path));
    Access before = declared.putIfAbsent(key, access);
    if (before == null) {
      if (tagHere) {
        router.route(method, path).handler(tag(key.path()));
      }
      if (!access.isPublic()) {
        // a public route needs no check; every other one gets its own, ahead of its handlers
        router.route(method, path).handler(new AccessHandler(access, authenticator, publicRead));
      }
    } else if (!before.equals(access)) {
      throw new IllegalStateException(key + " is declared with two accesses: " + before.describe()
          + " and " + access.describe());
    }
  }

  private static Handler<RoutingContext> tag(String template) {
    return ctx -> {
      ctx.put(ROUTE_KEY, template);
      ctx.next();
    };
  }

  /** Whether anonymous callers reach public-read routes ({@code ROADSCAN_PUBLIC_READ}). */
  public boolean publicRead() {
    return publicRead;
  }

  /** The routes declared so far with their access, sorted by path and method. */
  public Map<ApiRoute, Access> declared() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(declared));
  }

  /**
   * Checks that every route of the router declared its access and records the table in the
   * router's metadata ({@link #METADATA_KEY}).
   *
   * @return the table, route to access
   * @throws IllegalStateException naming the routes registered without access
   */
  public Map<ApiRoute, Access> verify() {
    List<ApiRoute> undeclared = RouteTable.of(router).stream()
        .filter(route -> !declared.containsKey(route)).toList();
    if (!undeclared.isEmpty()) {
      throw new IllegalStateException("routes registered without declared access (register them"
          + " through AccessRoutes with the roles they admit): " + undeclared);
    }
    Map<ApiRoute, Access> table = java.util.Collections.unmodifiableMap(new TreeMap<>(declared));
    router.putMetadata(METADATA_KEY, table);
    return table;
  }

  /**
   * The template of the declared route that {@code ctx} reached ({@code /v1/jobs/{id}}, as in
   * {@code /openapi.json}), or null when it matched none (404, 405): a label of bounded
   * cardinality for metrics and logs.
   */
  public static String routeOf(RoutingContext ctx) {
    return ctx.get(ROUTE_KEY);
  }

  /** The table {@link #verify} recorded in {@code router}'s metadata. */
  public static Map<ApiRoute, Access> of(Router router) {
    Map<ApiRoute, Access> table = router.getMetadata(METADATA_KEY);
    if (table == null) {
      throw new IllegalStateException("the router was not verified by AccessRoutes");
    }
    return table;
  }
}
