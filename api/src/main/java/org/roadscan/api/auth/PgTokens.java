package org.roadscan.api.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * API tokens in PostgreSQL ({@code api_tokens}, V15): only each secret's SHA-256 is stored
 * ({@link TokenSecret}), so a request is authenticated by one look-up on the unique index of the
 * hash. Expiry and revocation are checked in that query, so a revoked token stops working with the
 * next request, in every process sharing the database. Thread-safe, non-blocking.
 */
public final class PgTokens {

  private static final String COLUMNS =
      "id, name, role, created_at, created_by, expires_at, revoked_at";

  private static final String AUTHENTICATE = """
      SELECT id, name, role FROM api_tokens
      WHERE token_sha256 = $1 AND revoked_at IS NULL
        AND (expires_at IS NULL OR expires_at > clock_timestamp())""";

  private static final String INSERT_VALUES = "INSERT INTO api_tokens (name, role, token_sha256,"
      + " created_by, expires_at) VALUES ($1, $2, $3, $4, $5)";
  private static final String INSERT = INSERT_VALUES + " RETURNING " + COLUMNS;

  /** Serialises first-start checks of several processes starting on one database. */
  private static final long FIRST_ADMIN_LOCK = 0x726f616473636e30L;

  private final Pool pool;

  public PgTokens(Pool pool) {
    this.pool = pool;
  }

  /** The principal of an active token with this secret, or empty (unknown, expired, revoked). */
  public Future<Optional<Principal>> authenticate(String secret) {
    return pool.preparedQuery(AUTHENTICATE)
        .execute(Tuple.of(Buffer.buffer(TokenSecret.sha256(secret))))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Role.of(row.getString("role")).map(role -> new Principal(row.getString("name"),
              role, "token:" + row.getLong("id")));
        });
  }

  /**
   * Creates a token with a new secret.
   *
   * @param createdBy the creating principal's name, or null (the command line)
   */
  public Future<IssuedToken> create(NewToken token, String createdBy) {
    return insert(pool, token, TokenSecret.generate(), createdBy);
  }

  /**
   * Stores a secret provided from outside ({@code ROADSCAN_ADMIN_TOKEN}) unless a token with it
   * exists already, revoked or not: a revoked provided secret stays revoked.
   *
   * @return whether it was stored now
   */
  public Future<Boolean> provide(NewToken token, String secret) {
    return pool.preparedQuery(INSERT_VALUES + " ON CONFLICT (token_sha256) DO NOTHING")
        .execute(tuple(token, secret, null))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Creates an admin token if there is no token at all (first start), in a transaction holding
   * an advisory lock, so two processes starting on one database create one.
   */
  public Future<Optional<IssuedToken>> createFirstAdmin(NewToken admin) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)")
        .execute(Tuple.of(FIRST_ADMIN_LOCK))
        .compose(locked -> conn.query("SELECT EXISTS (SELECT 1 FROM api_tokens) AS any")
            .execute())
        .compose(rows -> rows.iterator().next().getBoolean("any")
            ? Future.succeededFuture(Optional.<IssuedToken>empty())
            : insert(conn, admin, TokenSecret.generate(), null).map(Optional::of)));
  }

  /** Every token, newest first. */
  public Future<List<ApiToken>> list() {
    return pool.query("SELECT " + COLUMNS + " FROM api_tokens ORDER BY id DESC").execute()
        .map(rows -> {
          List<ApiToken> tokens = new ArrayList<>();
          rows.forEach(row -> tokens.add(token(row)));
          return tokens;
        });
  }

  /** Revokes a token (at once; revoking twice keeps the first time); empty for an unknown id. */
  public Future<Optional<ApiToken>> revoke(long id) {
    return pool.preparedQuery("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at,"
            + " clock_timestamp()) WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(token(rows.iterator().next())));
  }

  /** Deletes a token that was never handed out (its file could not be written). */
  Future<Void> forget(long id) {
    return pool.preparedQuery("DELETE FROM api_tokens WHERE id = $1").execute(Tuple.of(id))
        .mapEmpty();
  }

  private static Future<IssuedToken> insert(SqlClient client, NewToken token, String secret,
      String createdBy) {
    return client.preparedQuery(INSERT).execute(tuple(token, secret, createdBy))
        .map(rows -> new IssuedToken(token(rows.iterator().next()), secret));
  }

  private static Tuple tuple(NewToken token, String secret, String createdBy) {
    OffsetDateTime expires = token.validity() == null ? null
        : OffsetDateTime.now(ZoneOffset.UTC).plus(token.validity());
    return Tuple.of(token.name(), token.role().value(), Buffer.buffer(TokenSecret.sha256(secret)),
        createdBy, expires);
  }

  private static ApiToken token(Row row) {
    return new ApiToken(row.getLong("id"), row.getString("name"),
        Role.of(row.getString("role")).orElseThrow(), instant(row, "created_at"),
        row.getString("created_by"), instant(row, "expires_at"), instant(row, "revoked_at"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
