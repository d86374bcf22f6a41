package org.roadscan.api.auth;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which callers a route admits, declared where the route is registered ({@link AccessRoutes}).
 * {@link Role#ADMIN} is always admitted. Immutable.
 *
 * @param isPublic no token needed (the page, {@code /api}, {@code /openapi.json}, {@code
 *     /health})
 * @param publicRead no token needed when {@code ROADSCAN_PUBLIC_READ=true} (OGC API, Open311,
 *     the register as GeoJSON); otherwise {@code roles} apply
 * @param roles the roles admitted besides admin; empty for public routes
 * @param queryToken whether the token may also come as {@code ?access_token=}: only for
 *     Server-Sent Events and the WebSocket, whose browser APIs ({@code EventSource}, {@code
 *     WebSocket}) cannot send an {@code Authorization} header
 */
public record Access(boolean isPublic, boolean publicRead, Set<Role> roles, boolean queryToken) {

  /** No token needed. */
  public static final Access PUBLIC = new Access(true, false, Set.of(), false);

  public Access {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    if (isPublic != roles.isEmpty()) {
      throw new IllegalArgumentException("a route is public or admits roles, not both");
    }
  }

  /** Callers holding one of {@code roles} (or admin; none: admin only). */
  public static Access of(Role... roles) {
    Set<Role> admitted = EnumSet.of(Role.ADMIN, roles);
    return new Access(false, false, admitted, false);
  }

  /** Every authenticated caller, whatever the role. */
  public static Access anyRole() {
    return new Access(false, false, EnumSet.allOf(Role.class), false);
  }

  /** Public when configured ({@code ROADSCAN_PUBLIC_READ=true}), else callers holding {@code roles}. */
  public static Access publicRead(Role... roles) {
    return new Access(false, true, EnumSet.of(Role.ADMIN, roles), false);
  }

  /** The same access, also with the token in {@code ?access_token=} (SSE, WebSocket). */
  public Access withQueryToken() {
    return new Access(isPublic, publicRead, roles, true);
  }

  /** Whether a caller with no token is admitted, given {@code ROADSCAN_PUBLIC_READ}. */
  public boolean admitsAnonymous(boolean publicReadConfigured) {
    return isPublic || publicRead && publicReadConfigured;
  }

  /** Whether {@code principal} is admitted (any of its roles). */
  public boolean admits(Principal principal) {
    return isPublic || principal.roles().stream().anyMatch(roles::contains);
  }

  /** The admitted roles as the API names them, e.g. {@code "admin, roaddept"}. */
  public String describe() {
    return isPublic ? "public" : roles.stream().map(Role::value).sorted()
        .collect(Collectors.joining(", ")) + (publicRead ? " (public with ROADSCAN_PUBLIC_READ)"
        : "");
  }
}
