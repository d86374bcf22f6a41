/**
 * OpenID Connect access tokens (issue #30; Keycloak is common in municipal IT), optional and off
 * by default: a JWT signed by the configured issuer's keys, found through its discovery
 * document, for the configured audience, with our roles in a configured claim.
 *
 * <p>Verified with the JDK's own signature algorithms ({@code java.security}): neither
 * nimbus-jose-jwt nor vertx-auth-jwt resolves in this build's offline repository (only their
 * POMs are there), and Vert.x's own JOSE classes sit in an internal package. The subset of JOSE
 * needed here (JWS compact form, RSA and EC keys of a JWKS, RS/PS/ES 256–512) is small and pinned
 * by {@code OidcVerifierTest}.
 */
package org.roadscan.api.auth.oidc;
