/**
 * Logs an operator can read (issue #32): the service's own events at the configured level,
 * libraries (embedded PostgreSQL's initdb, Vert.x, DJL) at warn, as text lines or one JSON object
 * per line ({@code ROADSCAN_LOG_FORMAT=json}). Logback types stay in this package.
 */
package org.roadscan.api.logging;
