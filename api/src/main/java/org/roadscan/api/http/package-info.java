/**
 * Cross-cutting web plumbing only: the router that mounts every capability's handlers, the one
 * problem handler, the body-size limit, the health check and query parameters shared by several
 * capabilities (the bounding box). Handlers of a capability live in its own package.
 */
package org.roadscan.api.http;
