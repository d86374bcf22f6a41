/**
 * The road department's page (issue #29): plain HTML, CSS and ES modules from {@code webroot/} on
 * the classpath, and Leaflet from its webjar, served by the service itself so the page works on
 * an isolated city network. The page reads and changes the register only through the public API
 * ({@code /v1/...}); nothing here knows the register.
 *
 * <p>{@link org.roadscan.api.page.PageRoutes} mounts {@code /} (the page), {@code /app/*} (its
 * scripts, styles and labels) and {@code /vendor/leaflet/*}; {@link
 * org.roadscan.api.page.PageSecurityHeaders} adds the Content-Security-Policy and friends to
 * those answers.
 */
package org.roadscan.api.page;
