package org.roadscan.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The service's meters, one registry per service instance (tests run several in one JVM).
 * Prometheus names (Micrometer adds the unit and {@code _total} suffixes):
 *
 * <ul>
 *   <li>{@code roadscan_http_requests_total{method,route,status}}: answered requests; {@code
 *       route} is the route's template ({@code /v1/jobs/:id}), {@code unmatched} for none, so the
 *       number of series stays bounded whatever paths clients send;
 *   <li>{@code roadscan_jobs_queued}, {@code roadscan_jobs_oldest_queued_age_seconds}: the job
 *       queue, and {@code roadscan_register_damages}: damages in the register, as last read by
 *       {@link PgMetricsPoller} (every {@link PgMetricsPoller#INTERVAL_MS} ms);
 *   <li>{@code roadscan_inference_seconds}: the analysis of one job's image (histogram);
 *   <li>{@code roadscan_jobs_finished_total{outcome}}: jobs done, refused, failed, timed out, or
 *       whose result was dropped because this process lost the job's lease ({@code lost-lease});
 *   <li>{@code roadscan_jobs_requeued_total{reason}}: running jobs this process put back in the
 *       queue: {@code expired} (another replica stopped renewing their lease: killed, or cut off
 *       from the database) or {@code released} (this process stopped before finishing them);
 *   <li>{@code roadscan_detections_total{class,lane}}: observations by damage class, from jobs
 *       ({@code lane="jobs"}) and feed frames ({@code lane="feed"});
 *   <li>{@code roadscan_feed_latency_seconds}: a feed frame from received to tagged (histogram).
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ServiceMetrics {

  /** Histogram buckets of an image analysis: CPU analyses take seconds to minutes. */
  private static final Duration[] INFERENCE_BUCKETS = seconds(0.25, 0.5, 1, 2, 5, 10, 20, 30, 60,
      120, 300);
  /** Histogram buckets of a feed frame: the crew waits for the answer. */
  private static final Duration[] FEED_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer inference;
  private final Timer feedLatency;

  public ServiceMetrics() {
    inference = Timer.builder("roadscan.inference")
        .description("Analysis of one job's image: decoding, the model's passes, projection")
        .serviceLevelObjectives(INFERENCE_BUCKETS)
        .register(registry);
    feedLatency = Timer.builder("roadscan.feed.latency")
        .description("A feed frame from received to tagged: checks, waiting, analysis")
        .serviceLevelObjectives(FEED_BUCKETS)
        .register(registry);
  }

  /** Counts an answered request. */
  public void request(String method, String route, int status) {
    Counter.builder("roadscan.http.requests")
        .description("Answered HTTP requests by route template and status")
        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
        .register(registry).increment();
  }

  /** Records one job's analysis time. */
  public void inference(long nanos) {
    inference.record(Duration.ofNanos(nanos));
  }

  /**
   * Counts a finished job: {@code done}, {@code refused}, {@code failed}, {@code timeout}, {@code
   * lost-lease}.
   */
  public void jobFinished(String outcome) {
    Counter.builder("roadscan.jobs.finished")
        .description("Jobs finished, by outcome (failed: given up after its attempts or retried)")
        .tag("outcome", outcome).register(registry).increment();
  }

  /** Counts {@code count} running jobs put back in the queue: {@code expired}, {@code released}. */
  public void jobsRequeued(String reason, int count) {
    Counter.builder("roadscan.jobs.requeued")
        .description("Running jobs put back in the queue: lease expired (a replica died) or"
            + " released at a stop")
        .tag("reason", reason).register(registry).increment(count);
  }

  /** Counts observations by damage class; {@code lane} is {@code jobs} or {@code feed}. */
  public void detections(List<String> classNames, String lane) {
    for (String className : classNames) {
      Counter.builder("roadscan.detections")
          .description("Observations by damage class (the model's classes) and lane")
          .tag("class", className).tag("lane", lane).register(registry).increment();
    }
  }

  /** Records a feed frame's time from received to tagged. */
  public void feedLatency(Duration latency) {
    feedLatency.record(latency);
  }

  /** Registers a gauge read at each scrape from {@code value} (cheap: a cached number). */
  void gauge(String name, String description, String unit, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).baseUnit(unit).register(registry);
  }

  /** All meters in the Prometheus text format (0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  private static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofMillis(Math.round(values[i] * 1000));
    }
    return durations;
  }
}
