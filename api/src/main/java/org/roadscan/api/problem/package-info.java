/**
 * RFC 9457 problem details shared by the HTTP layer (responses) and the job queue (the error of a
 * failed job), kept apart from both so neither depends on the other.
 */
package org.roadscan.api.problem;
