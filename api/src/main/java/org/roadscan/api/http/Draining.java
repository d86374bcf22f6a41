package org.roadscan.api.http;

/**
 * Whether this instance is shutting down: set once when the verticle stops (SIGTERM reaches it
 * through the JVM's shutdown hook), read by {@code /health} and {@code /health/ready}, which then
 * answer 503 so that load balancers and Kubernetes send no new work while running jobs finish.
 * Thread-safe (a volatile flag that never goes back).
 */
public final class Draining {

  private volatile boolean draining;

  /** From now on the instance reports itself not ready. */
  public void begin() {
    draining = true;
  }

  /** True once {@link #begin()} was called. */
  public boolean active() {
    return draining;
  }
}
