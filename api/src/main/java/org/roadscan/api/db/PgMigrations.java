package org.roadscan.api.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations from the classpath ({@code db/migration/}, listed in order in
 * {@code db/migration/index.txt} because a shaded jar cannot be listed reliably).
 *
 * <p>Each pending migration runs in its own transaction together with its row in
 * {@code schema_migrations(version, name, checksum, applied_at)}. A session-level
 * {@code pg_advisory_lock} on one connection serialises concurrent starts of several instances:
 * the second waits, then finds nothing pending. An applied migration whose text has changed fails
 * the start, naming the file. Thread-safe; all methods are non-blocking.
 */
public final class PgMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(PgMigrations.class);
  private static final String INDEX = "db/migration/index.txt";
  /** Arbitrary constant identifying "RoadScan schema migration" among advisory locks. */
  private static final long LOCK_KEY = 0x526f61645363616eL;

  private final List<Migration> migrations;

  public PgMigrations(List<Migration> migrations) {
    this.migrations = List.copyOf(migrations);
    for (int i = 1; i < this.migrations.size(); i++) {
      if (this.migrations.get(i).version() <= this.migrations.get(i - 1).version()) {
        throw new IllegalArgumentException(
            "migrations out of order at " + this.migrations.get(i).name());
      }
    }
  }

  /** The migrations shipped with the service. Blocking (reads classpath resources). */
  public static PgMigrations fromClasspath() {
    String index = resource(INDEX);
    List<Migration> migrations = new ArrayList<>();
    for (String line : index.split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        migrations.add(Migration.of(name, resource("db/migration/" + name)));
      }
    }
    return new PgMigrations(migrations);
  }

  public List<Migration> migrations() {
    return migrations;
  }

  /**
   * Applies the pending migrations in version order.
   *
   * @return the versions applied by this call (empty when the schema was up to date)
   */
  public Future<List<Integer>> apply(Pool pool) {
    // A migration may rewrite a large table: no statement timeout (PgSessions) for this session.
    return pool.withConnection(conn -> conn.query("SET statement_timeout = 0").execute()
        .compose(unlimited -> conn.query("SELECT pg_advisory_lock(" + LOCK_KEY + ")").execute())
        .compose(locked -> applyLocked(conn))
        .eventually(() -> conn.query("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").execute())
        .eventually(() -> conn.query("RESET statement_timeout").execute()));
  }

  private Future<List<Integer>> applyLocked(SqlConnection conn) {
    // Checked first rather than CREATE ... IF NOT EXISTS, whose notice would be logged each start.
    return conn.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present").execute()
        .compose(found -> found.iterator().next().getBoolean("present")
            ? Future.succeededFuture()
            : conn.query("CREATE TABLE schema_migrations (version integer PRIMARY KEY, "
                + "name text NOT NULL, checksum text NOT NULL, "
                + "applied_at timestamptz NOT NULL DEFAULT now())").execute().mapEmpty())
        .compose(created -> conn.query("SELECT version, name, checksum FROM schema_migrations")
            .execute())
        .compose(rows -> {
          Map<Integer, Row> applied = new HashMap<>();
          rows.forEach(row -> applied.put(row.getInteger("version"), row));
          List<Migration> pending = new ArrayList<>();
          for (Migration migration : migrations) {
            Row row = applied.get(migration.version());
            if (row == null) {
              pending.add(migration);
            } else if (!row.getString("checksum").equals(migration.checksum())) {
              return Future.failedFuture(new IllegalStateException("migration "
                  + migration.name() + " was changed after it was applied; add a new version"));
            }
          }
          return applySequentially(conn, pending, 0, new ArrayList<>());
        });
  }

  private Future<List<Integer>> applySequentially(SqlConnection conn, List<Migration> pending,
      int index, List<Integer> done) {
    if (index == pending.size()) {
      return Future.succeededFuture(done);
    }
    Migration migration = pending.get(index);
    return conn.begin()
        .compose(tx -> conn.query(migration.sql()).execute()
            .compose(result -> conn.preparedQuery(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)")
                .execute(Tuple.of(migration.version(), migration.name(), migration.checksum())))
            .compose(inserted -> tx.commit())
            .recover(err -> tx.rollback().transform(ignored -> Future.failedFuture(
                new IllegalStateException("migration " + migration.name() + " failed: "
                    + err.getMessage(), err)))))
        .compose(committed -> {
          LOG.info("applied migration {}", migration.name());
          done.add(migration.version());
          return applySequentially(conn, pending, index + 1, done);
        });
  }

  private static String resource(String path) {
    try (InputStream in = PgMigrations.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
