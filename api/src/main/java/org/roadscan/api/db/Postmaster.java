package org.roadscan.api.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server process ("postmaster") that a data directory's {@code postmaster.pid}
 * names, as this machine's process table sees it. Linux only ({@code /proc}); elsewhere a recorded
 * server is never recognised as running, and PostgreSQL's own lock file check decides.
 *
 * <p>Used at start to deal with a server that outlived the JVM which started it (a SIGKILL or the
 * OOM killer skips every shutdown hook): {@link #stopOrphan} stops it safely before a new one
 * starts. Blocking (file reads, signals, waiting); call from a worker thread. Immutable.
 *
 * @param pid the process id recorded in the first line of {@code postmaster.pid}
 * @param dataDir the data directory, absolute and normalised
 */
public record Postmaster(long pid, Path dataDir) {

  private static final Logger LOG = LoggerFactory.getLogger(Postmaster.class);
  private static final String PID_FILE = "postmaster.pid";
  /** A fast shutdown rolls back open transactions and checkpoints: seconds, not minutes. */
  private static final int STOP_TIMEOUT_S = 60;

  public Postmaster {
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** The server {@code dataDir/postmaster.pid} names, or empty when there is no such file. */
  public static Optional<Postmaster> recorded(Path dataDir) {
    Path pidFile = dataDir.resolve(PID_FILE);
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      long pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
      return pid > 0 ? Optional.of(new Postmaster(pid, dataDir)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pidFile, e);
    }
  }

  /**
   * Whether the recorded process is alive and is a PostgreSQL server of this data directory: its
   * executable is {@code postgres} and its working directory (a postmaster changes into its data
   * directory) or else its command line names the directory. False for a dead process and for an
   * unrelated process that happens to have been given the same id since.
   */
  public boolean isRunning() {
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty() || executable().filter(exe -> exe.endsWith("postgres")).isEmpty()) {
      return false;
    }
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      return Files.readSymbolicLink(proc.resolve("cwd")).equals(dataDir.toRealPath());
    } catch (IOException | UnsupportedOperationException | SecurityException unreadable) {
      try {
        String commandLine = new String(Files.readAllBytes(proc.resolve("cmdline")),
            StandardCharsets.UTF_8).replace('\0', ' ');
        return commandLine.contains(dataDir.toString());
      } catch (IOException e) {
        return false;
      }
    }
  }

  /**
   * Stops a server left running by a JVM that died without stopping it, so a new one can start on
   * the same directory: a fast shutdown (SIGINT: open transactions roll back, a checkpoint is
   * written), then an immediate one (SIGQUIT: crash recovery at the next start, nothing committed
   * is lost) if that did not finish within a minute; never SIGKILL. Does nothing
   * when the server is not running; a {@code postmaster.pid} naming a process that is not this
   * directory's server is left to PostgreSQL, which replaces it when that process is gone, or
   * removed here when the id now belongs to another program (PostgreSQL would refuse to start).
   *
   * @return whether a running server was stopped
   * @throws IllegalStateException when the server is still running after both attempts
   */
  public static boolean stopOrphan(Path dataDir) {
    Optional<Postmaster> recorded = recorded(dataDir);
    if (recorded.isEmpty()) {
      return false;
    }
    Postmaster postmaster = recorded.get();
    if (!postmaster.isRunning()) {
      if (ProcessHandle.of(postmaster.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        LOG.warn("{} names process {}, which is not a PostgreSQL server of {} (its id was "
            + "reused); removing the stale file", PID_FILE, postmaster.pid(), dataDir);
        try {
          Files.deleteIfExists(dataDir.resolve(PID_FILE));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot remove stale " + PID_FILE + " in " + dataDir, e);
        }
      } else {
        LOG.info("{} in {} is left from a server that is no longer running (pid {}); "
            + "PostgreSQL replaces it", PID_FILE, dataDir, postmaster.pid());
      }
      return false;
    }
    LOG.warn("PostgreSQL server {} is still running on {} from a previous run that ended without "
        + "stopping it (killed?); stopping it (fast shutdown) before starting again",
        postmaster.pid(), dataDir);
    if (!postmaster.stop("INT") && !postmaster.stop("QUIT")) {
      throw new IllegalStateException("PostgreSQL server " + postmaster.pid() + " on " + dataDir
          + " left by a previous run does not stop; stop it (kill -INT " + postmaster.pid()
          + ") and start again");
    }
    LOG.info("stopped PostgreSQL server {} left running on {}", postmaster.pid(), dataDir);
    return true;
  }

  /**
   * Sends the server {@code signal} ({@code INT}: fast shutdown, {@code QUIT}: immediate
   * shutdown, what {@code pg_ctl stop -m fast|immediate} sends; {@code pg_ctl} itself refuses to
   * run as root) and waits for it to exit; true when it is gone afterwards.
   */
  boolean stop(String signal) {
    try {
      Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " \"$0\"",
          Long.toString(pid)).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        LOG.warn("kill -{} {} failed: {}", signal, pid, output.strip());
      }
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isPresent()) {
        process.get().onExit().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      }
    } catch (IOException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      LOG.warn("PostgreSQL server {} did not stop on SIG{}: {}", pid, signal, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
  }

  /** The server's executable, from the process table. */
  Optional<Path> executable() {
    return ProcessHandle.of(pid).flatMap(process -> process.info().command()).map(Path::of);
  }
}
