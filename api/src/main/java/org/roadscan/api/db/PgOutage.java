package org.roadscan.api.db;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that means "the database cannot be reached right now" (stopped, restarting,
 * unreachable, too slow) from one that is a bug or bad input. Such a failure is temporary: the pool
 * opens new connections once the database is back, so a request answers 503 with {@code
 * Retry-After} rather than 500 ({@code ProblemHandler}). Stateless.
 */
public final class PgOutage {

  /** Suggested wait before retrying, seconds (a restart of the embedded server takes a few). */
  public static final int RETRY_AFTER_S = 5;

  private PgOutage() {
  }

  /** Whether {@code failure}, or one of its causes, is a database outage. */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClosedConnectionException || t instanceof ConnectException
          || t instanceof TimeoutException) {
        return true;
      }
      if (t instanceof PgException pg && isOutageState(pg.getSqlState())) {
        return true;
      }
      // The pool's "Timeout waiting for connection" and a failed connect by a closed pool come
      // as plain VertxExceptions; their message is all that tells them apart.
      if (t instanceof VertxException && t.getMessage() != null
          && (t.getMessage().contains("Timeout") || t.getMessage().contains("Connection closed")
              || t.getMessage().contains("Connection refused"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * SQLSTATE class 08 (connection exception), 57014 (statement timeout reached), 57P01–57P05
   * (administrator, crash or idle shutdown, cannot connect now), 53300 (too many connections).
   */
  static boolean isOutageState(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57014")
        || sqlState.startsWith("57P") || sqlState.equals("53300"));
  }
}
