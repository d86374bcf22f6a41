package org.roadscan.api.db;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL server soon after the JVM dies without stopping it (SIGKILL, the
 * OOM killer: no shutdown hook runs). PostgreSQL has no parent-death option, and the server is not
 * even the JVM's child ({@code pg_ctl} daemonises it), so a tiny {@code sh} process waits on a pipe
 * whose only writer is this JVM. The kernel closes the pipe when the JVM dies, however it dies; the
 * shell then reads end-of-file and sends the server SIGINT (fast shutdown: open transactions roll
 * back, a checkpoint is written), after checking that the process id still belongs to a
 * PostgreSQL server of this data directory. {@link #close} tells it {@code released} first, so a
 * normal stop leaves the server to {@code pg_ctl}.
 *
 * <p>Even without the watchdog (no {@code /bin/sh}, or the watchdog killed too) the next start
 * recovers: {@link Postmaster#stopOrphan}. Linux and other systems with {@code /proc/PID/cwd}.
 * Thread-safe.
 */
final class PostmasterWatchdog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);
  private static final String RELEASED = "released";
  /**
   * $0 the server's pid, $1 its data directory (real path). {@code read} returns at end-of-file
   * (the JVM is gone) or at the release line.
   */
  private static final String SCRIPT = """
      IFS= read -r line
      [ "$line" = %s ] && exit 0
      [ "$(readlink /proc/$0/cwd)" = "$1" ] && kill -INT "$0"
      exit 0""".formatted(RELEASED);

  private final Process process;
  private final OutputStream pipe;

  private PostmasterWatchdog(Process process) {
    this.process = process;
    this.pipe = process.getOutputStream();
  }

  /** Starts watching the server; null (logged) when the shell cannot be started. */
  static PostmasterWatchdog watch(Postmaster postmaster) {
    try {
      Process process = new ProcessBuilder("/bin/sh", "-c", SCRIPT,
          Long.toString(postmaster.pid()), postmaster.dataDir().toRealPath().toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      LOG.info("watchdog {} stops PostgreSQL server {} if this JVM dies without stopping it",
          process.pid(), postmaster.pid());
      return new PostmasterWatchdog(process);
    } catch (IOException e) {
      LOG.warn("no watchdog for PostgreSQL server {} ({}); if this JVM is killed, the next start "
          + "stops the server it leaves", postmaster.pid(), e.toString());
      return null;
    }
  }

  long pid() {
    return process.pid();
  }

  /** Releases the server: the watchdog exits without touching it. Blocking (briefly). */
  @Override
  public void close() {
    try {
      pipe.write((RELEASED + "\n").getBytes(StandardCharsets.US_ASCII));
      pipe.close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (IOException e) {
      process.destroy(); // the shell is already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
