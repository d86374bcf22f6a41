/**
 * What an operator watches (issue #32): Prometheus metrics of requests, the job queue, inference,
 * detections, the register and the feed, served at {@code GET /metrics} in the Prometheus text
 * format. Micrometer types stay in this package; the rest of the service records through {@link
 * org.roadscan.api.metrics.ServiceMetrics}.
 */
package org.roadscan.api.metrics;
