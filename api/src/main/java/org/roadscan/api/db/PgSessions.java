package org.roadscan.api.db;

import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * How every connection of the service talks to PostgreSQL.
 *
 * <ul>
 *   <li>Prepared statements are cached per connection: a statement is parsed and analysed once,
 *       not on every execution, up to {@value #SQL_LIMIT} characters (parsing was most of the database's time when registering
 *       captures, see {@code bench/README.md}).
 *   <li>{@code plan_cache_mode = force_custom_plan}: a cached statement is still planned for its
 *       actual parameters, as without the cache. PostgreSQL would otherwise switch a statement to
 *       a generic plan after five executions, which made the OGC bbox query three times slower
 *       (its best plan depends on the size of the box). The register's transaction, whose
 *       statements have one good plan whatever the parameters, switches to generic plans for
 *       itself ({@code PgDamageRegister}).
 *   <li>Nothing waits for an unreachable database for long (issue #26): a connection attempt
 *       gives up after {@value #CONNECT_TIMEOUT_MS} ms, and the server cancels any statement
 *       running longer than {@value #STATEMENT_TIMEOUT_MS} ms ({@code statement_timeout}; no
 *       request's query comes near it; bulk work such as migrations lifts it for itself). A
 *       request that fails so answers 503 {@code database-unavailable} ({@link PgOutage}); the
 *       pool opens new connections once the database is back.
 * </ul>
 */
public final class PgSessions {

  /**
   * Longest statement cached, characters (Vert.x's default, 2048, left the register's write of a
   * whole capture unprepared).
   */
  static final int SQL_LIMIT = 16_384;

  /** Longest wait for a new connection (TCP connect and PostgreSQL start-up), milliseconds. */
  public static final int CONNECT_TIMEOUT_MS = 5_000;
  /** Longest statement the server runs for the service, milliseconds. */
  public static final int STATEMENT_TIMEOUT_MS = 30_000;
  /** Longest wait for a free connection of the pool, milliseconds. */
  public static final int POOL_WAIT_TIMEOUT_MS = 10_000;

  private PgSessions() {
  }

  /** {@code options}, changed in place to the service's session settings; returned for chaining. */
  public static PgConnectOptions configure(PgConnectOptions options) {
    return options.setCachePreparedStatements(true)
        .setPreparedStatementCacheSqlLimit(SQL_LIMIT)
        .addProperty("plan_cache_mode", "force_custom_plan")
        .addProperty("statement_timeout", Integer.toString(STATEMENT_TIMEOUT_MS));
  }

  /** Client socket options: the connect timeout, and TCP keep-alive to notice a dead peer. */
  public static NetClientOptions netOptions() {
    return new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpKeepAlive(true);
  }

  /** Pool options of {@code maxSize} connections with the pool wait timeout. */
  public static PoolOptions poolOptions(int maxSize) {
    return new PoolOptions().setMaxSize(maxSize)
        .setConnectionTimeout(POOL_WAIT_TIMEOUT_MS)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
  }
}
