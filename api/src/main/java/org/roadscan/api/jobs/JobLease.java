package org.roadscan.api.jobs;

/**
 * How this process leases the jobs it claims (issue #32): under its {@link ClaimerId}, for {@code
 * leaseMs} from the claim or the last heartbeat, renewed every {@link #heartbeatMs()} (a third of
 * the lease, so two heartbeats may fail before another replica takes the job over). Immutable.
 *
 * @param claimer this process, written to {@code jobs.claimed_by}
 * @param leaseMs lease length, milliseconds ({@code ROADSCAN_JOB_LEASE_S} × 1000)
 */
public record JobLease(ClaimerId claimer, long leaseMs) {

  /** The shortest lease: a heartbeat every second. */
  public static final long MIN_LEASE_MS = 3000;

  public JobLease {
    if (claimer == null) {
      throw new IllegalArgumentException("a claimer is required");
    }
    if (leaseMs < MIN_LEASE_MS) {
      throw new IllegalArgumentException("a lease must be >= " + MIN_LEASE_MS + " ms, was "
          + leaseMs);
    }
  }

  /** Milliseconds between heartbeats (lease renewals and expiry sweeps). */
  public long heartbeatMs() {
    return leaseMs / 3;
  }
}
