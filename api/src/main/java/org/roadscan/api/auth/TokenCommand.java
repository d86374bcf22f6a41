package org.roadscan.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.db.EmbeddedPostgresServer;
import org.roadscan.api.db.PgMigrations;
import org.roadscan.api.db.PgSessions;
import org.roadscan.api.problem.ProblemException;

/**
 * {@code java -jar roadscan.jar token create --role ROLE --name NAME [--days N]} (prints the new
 * token's secret, once, and nothing else on standard output), {@code token list}, {@code token
 * revoke ID}. Uses the database the service would use, with the same {@code ROADSCAN_*} keys:
 *
 * <ul>
 *   <li>{@code ROADSCAN_DB_URL}: that database;
 *   <li>else the embedded database of {@code ROADSCAN_DATA_DIR}: when a service runs on it, its
 *       server (port from {@code pg/postmaster.pid}, password from {@code pg/roadscan.password});
 *       otherwise the command starts the server itself for the moment, as the service does.
 * </ul>
 *
 * Migrations are applied first (idempotent), so the command works on a fresh machine before the
 * service ever started. Blocking: a command-line tool, no event loop of a service involved.
 */
public final class TokenCommand {

  private static final long TIMEOUT_S = 120;

  private TokenCommand() {
  }

  /** Runs {@code args} (after {@code token}); returns the exit code. */
  public static int run(String[] args, AppConfig config, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      return usage(err, null);
    }
    Operation operation;
    try {
      operation = parse(args);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    Vertx vertx = Vertx.vertx();
    EmbeddedPostgresServer started = null;
    Pool pool = null;
    try {
      PgConnectOptions options;
      if (config.dbUrl() != null) {
        options = PgConnectOptions.fromUri(config.dbUrl());
      } else {
        Optional<PgConnectOptions> running =
            EmbeddedPostgresServer.ofRunning(config.embeddedDatabaseDir());
        if (running.isPresent()) {
          err.println("roadscan: using the embedded database of the service running on "
              + config.dataDir());
          options = running.get();
        } else {
          started = EmbeddedPostgresServer.start(config.embeddedDatabaseDir(),
              config.dbDurable());
          options = started.connectOptions();
        }
      }
      pool = PgBuilder.pool().with(PgSessions.poolOptions(2)).with(PgSessions.netOptions())
          .connectingTo(PgSessions.configure(options)).using(vertx).build();
      Pool connected = pool;
      await(PgMigrations.fromClasspath().apply(connected));
      return operation.run(new PgTokens(connected), out, err);
    } catch (ProblemException e) {
      err.println("roadscan: " + e.problem().field() + ": " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      err.println("roadscan: " + e.getMessage() + (config.dbUrl() == null ? "; while the"
          + " service runs, an admin may also create tokens with POST /v1/tokens" : ""));
      return 1;
    } catch (RuntimeException e) {
      err.println("roadscan: " + e);
      return 1;
    } finally {
      if (pool != null) {
        quietly(pool.close());
      }
      if (started != null) {
        started.close();
      }
      quietly(vertx.close());
    }
  }

  /** One parsed sub-command, run against the tokens. */
  private interface Operation {
    int run(PgTokens tokens, PrintStream out, PrintStream err);
  }

  private static Operation parse(String[] args) {
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    return switch (args[0]) {
      case "create" -> create(rest);
      case "list" -> {
        if (!rest.isEmpty()) {
          throw new IllegalArgumentException("token list takes no arguments");
        }
        yield (tokens, out, err) -> {
          Instant now = Instant.now();
          out.printf(Locale.ROOT, "%-6s %-12s %-8s %-24s %s%n", "ID", "ROLE", "STATE",
              "EXPIRES", "NAME");
          for (ApiToken token : await(tokens.list())) {
            out.printf(Locale.ROOT, "%-6d %-12s %-8s %-24s %s%n", token.id(),
                token.role().value(), token.revokedAt() != null ? "revoked"
                    : token.activeAt(now) ? "active" : "expired",
                token.expiresAt() == null ? "never"
                    : token.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString(), token.name());
          }
          return 0;
        };
      }
      case "revoke" -> {
        if (rest.size() != 1 || !rest.get(0).matches("\\d{1,18}")) {
          throw new IllegalArgumentException("token revoke takes the token's ID (see token list)");
        }
        long id = Long.parseLong(rest.get(0));
        yield (tokens, out, err) -> {
          Optional<ApiToken> revoked = await(tokens.revoke(id));
          if (revoked.isEmpty()) {
            err.println("roadscan: no token " + id);
            return 1;
          }
          err.println("roadscan: revoked token " + id + " (" + revoked.get().name() + ", "
              + revoked.get().role() + ")");
          return 0;
        };
      }
      default -> throw new IllegalArgumentException("unknown token command '" + args[0] + "'");
    };
  }

  private static Operation create(List<String> options) {
    String role = null;
    String name = null;
    Integer days = null;
    for (int i = 0; i < options.size(); i += 2) {
      String option = options.get(i);
      if (i + 1 >= options.size()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = options.get(i + 1);
      switch (option) {
        case "--role" -> role = value;
        case "--name" -> name = value;
        case "--days" -> {
          try {
            days = Integer.valueOf(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--days takes a whole number of days, was '"
                + value + "'");
          }
        }
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    if (role == null || name == null) {
      throw new IllegalArgumentException("token create needs --role and --name");
    }
    NewToken token;
    try {
      token = NewToken.of(name, role, days);
    } catch (ProblemException e) {
      throw new IllegalArgumentException("--" + e.problem().field() + ": " + e.getMessage());
    }
    return (tokens, out, err) -> {
      IssuedToken issued = await(tokens.create(token, null));
      // standard output carries the secret only, so $(... token create ...) captures it
      out.println(issued.secret());
      out.flush();
      err.println("roadscan: created token " + issued.token().id() + " for '"
          + issued.token().name() + "' (" + issued.token().role() + "), "
          + (issued.token().expiresAt() == null ? "no expiry"
              : "expires " + issued.token().expiresAt())
          + "; it is shown only now");
      return 0;
    };
  }

  private static int usage(PrintStream err, String problem) {
    if (problem != null) {
      err.println("roadscan: " + problem);
    }
    err.println("usage: java -jar roadscan.jar token create --role ROLE --name NAME [--days N]");
    err.println("       java -jar roadscan.jar token list");
    err.println("       java -jar roadscan.jar token revoke ID");
    err.println("roles: " + String.join(", ", Role.names()));
    return 2;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the database did not answer within " + TIMEOUT_S + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private static void quietly(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing; nothing left to report
    }
  }
}
