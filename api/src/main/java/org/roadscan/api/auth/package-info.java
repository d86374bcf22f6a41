/**
 * Who may call which route (issue #30): {@link org.roadscan.api.auth.Role}s, the {@link
 * org.roadscan.api.auth.Access} each route declares where it is registered ({@link
 * org.roadscan.api.auth.AccessRoutes}), bearer tokens stored hashed in PostgreSQL ({@link
 * org.roadscan.api.auth.PgTokens}) or, optionally, OpenID Connect access tokens ({@link
 * org.roadscan.api.auth.oidc}), and the {@code token} command.
 */
package org.roadscan.api.auth;
