package org.roadscan.api.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who made a request, as authenticated by {@link AccessHandler}: the name the audit trail and a
 * crew's ownership of surveys record, and the roles it holds. Immutable.
 *
 * @param name the token's name, or the OIDC {@code preferred_username} (else {@code sub})
 * @param roles one for a token; an OIDC identity may hold several; never empty
 * @param id where the identity comes from: {@code token:<id>}, {@code oidc:<sub>}
 */
public record Principal(String name, Set<Role> roles, String id) {

  /** Routing context key of the request's principal (set only on routes that are not public). */
  static final String CONTEXT_KEY = "roadscan.principal";

  public Principal {
    if (name == null || name.isBlank() || roles == null || roles.isEmpty() || id == null) {
      throw new IllegalArgumentException("a principal needs a name, a role and an id");
    }
    roles = Set.copyOf(EnumSet.copyOf(roles));
  }

  public Principal(String name, Role role, String id) {
    this(name, Set.of(role), id);
  }

  /** The request's principal; throws on a public route, where nobody is authenticated. */
  public static Principal of(RoutingContext ctx) {
    Principal principal = ctx.get(CONTEXT_KEY);
    if (principal == null) {
      throw new IllegalStateException("no principal on " + ctx.request().path()
          + ": the route is public");
    }
    return principal;
  }

  /** Whether the principal holds {@code role} (admin holds every role). */
  public boolean has(Role role) {
    return roles.contains(role) || roles.contains(Role.ADMIN);
  }

  /**
   * A crew sees only what it created (surveys and their jobs, its captures' jobs): crew
   * positions are personal data. The road department and admins see everything.
   */
  public boolean seesOnlyOwn() {
    return !has(Role.ROADDEPT);
  }

  /** Whether a row created by {@code createdBy} is visible to this principal. */
  public boolean sees(String createdBy) {
    return !seesOnlyOwn() || name.equals(createdBy);
  }

  /** The role shown first (the most far-reaching): admin, roaddept, firebrigade, crew, viewer. */
  public Role mainRole() {
    return roles.stream().min(Comparator.comparingInt(Principal::rank)).orElseThrow();
  }

  private static int rank(Role role) {
    return switch (role) {
      case ADMIN -> 0;
      case ROADDEPT -> 1;
      case FIREBRIGADE -> 2;
      case CREW -> 3;
      case VIEWER -> 4;
    };
  }
}
