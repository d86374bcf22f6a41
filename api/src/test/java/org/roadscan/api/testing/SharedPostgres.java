package org.roadscan.api.testing;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.roadscan.api.db.EmbeddedPostgresServer;
import org.roadscan.api.db.PgMigrations;
import org.roadscan.api.db.PgSessions;

/**
 * One embedded PostgreSQL for the whole test JVM (starting one takes seconds), stopped at JVM
 * exit. Each test gets a fresh database of its own, so tests never see each other's rows.
 */
public final class SharedPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgresServer server;

  private SharedPostgres() {
  }

  private static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("roadscan-test-pg");
        server = EmbeddedPostgresServer.start(dir.resolve("pg"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgresServer started = server;
      // the cluster takes about 1.3 GB (WAL included) per test JVM: left behind, a day of builds
      // filled the disk
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.close();
        deleteTree(dir);
      }));
    }
    return server;
  }

  /** Creates an empty database and returns its {@code postgresql://} URL (ROADSCAN_DB_URL form). */
  public static String newDatabaseUrl() {
    EmbeddedPostgresServer pg = server();
    String name = "roadscan_test_" + DATABASES.incrementAndGet();
    try (Connection conn = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres",
        pg.password());
        Statement statement = conn.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return pg.url(name);
  }

  /** The shared server's superuser password (a JDBC login to a {@link #newDatabaseUrl}). */
  public static String password() {
    return server().password();
  }

  /** A pool of 4 to a new database with every migration applied; closed with its Vert.x. */
  public static Pool newMigratedPool(Vertx vertx) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(PgSessions.configure(PgConnectOptions.fromUri(newDatabaseUrl())))
        .using(vertx).build();
    Await.result(PgMigrations.fromClasspath().apply(pool));
    return pool;
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
