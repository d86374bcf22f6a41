package org.roadscan.api.db;

import io.vertx.pgclient.PgConnectOptions;

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
 * </ul>
 */
public final class PgSessions {

  /**
   * Longest statement cached, characters (Vert.x's default, 2048, left the register's write of a
   * whole capture unprepared).
   */
  static final int SQL_LIMIT = 16_384;

  private PgSessions() {
  }

  /** {@code options}, changed in place to the service's session settings; returned for chaining. */
  public static PgConnectOptions configure(PgConnectOptions options) {
    return options.setCachePreparedStatements(true)
        .setPreparedStatementCacheSqlLimit(SQL_LIMIT)
        .addProperty("plan_cache_mode", "force_custom_plan");
  }
}
