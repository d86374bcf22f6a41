package org.roadscan.api.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who holds a job's lease ({@code jobs.claimed_by}): one process of the service, named by its host
 * (the pod name in Kubernetes), its pid and a random suffix, e.g. {@code
 * roadscan-7d9f-x2:4711:9f3a61c0}. The suffix tells apart two processes that reuse a pid (a
 * container restarted with the same hostname: its pid is often 1 again). Immutable, thread-safe.
 *
 * @param value the text written to {@code claimed_by}
 */
public record ClaimerId(String value) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public ClaimerId {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a claimer id is required");
    }
  }

  /**
   * This process's id: {@code HOSTNAME} (set in containers and by Kubernetes to the pod name),
   * else the local host name, then the pid and 8 random hex digits. May block on a name lookup:
   * call it off the event loop.
   */
  public static ClaimerId ofThisProcess() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "unknown-host";
      }
    }
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return new ClaimerId(host.strip() + ":" + ProcessHandle.current().pid() + ":"
        + HexFormat.of().formatHex(suffix));
  }

  /** The pid part of an id made by {@link #ofThisProcess()}, or -1. */
  public long pid() {
    String[] parts = value.split(":");
    try {
      return parts.length >= 3 ? Long.parseLong(parts[parts.length - 2]) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
