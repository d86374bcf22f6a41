package org.roadscan.api.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.AuthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure somebody can administer a new installation, at start, after the migrations: a
 * secret in {@code ROADSCAN_ADMIN_TOKEN} is stored (hashed) as an admin token unless known
 * already; then, when there is no token at all, an admin token is created and its secret written
 * to {@code <dataDir>/admin.token} (0600), whose path (never the secret) is logged. So the
 * two-command start stays two commands: {@code curl -H "Authorization: Bearer $(cat
 * data/admin.token)" ...}. Stateless.
 */
public final class TokenBootstrap {

  /** Name of the token made from {@code ROADSCAN_ADMIN_TOKEN}. */
  public static final String PROVIDED_NAME = "admin (" + AuthConfig.ADMIN_TOKEN + ")";
  /** Name of the token the first start creates. */
  public static final String FIRST_NAME = "admin";

  private static final Logger LOG = LoggerFactory.getLogger(TokenBootstrap.class);

  private TokenBootstrap() {
  }

  /** @param io runs the file write */
  public static Future<Void> run(PgTokens tokens, AppConfig config, WorkerExecutor io) {
    String provided = config.auth().adminToken();
    Future<Boolean> stored = provided == null ? Future.succeededFuture(false)
        : tokens.provide(new NewToken(PROVIDED_NAME, Role.ADMIN, null), provided);
    return stored
        .compose(isNew -> {
          if (isNew) {
            LOG.info("stored the admin token of {} (hashed)", AuthConfig.ADMIN_TOKEN);
          }
          return tokens.createFirstAdmin(new NewToken(FIRST_NAME, Role.ADMIN, null));
        })
        .compose(created -> {
          if (created.isEmpty()) {
            return Future.succeededFuture();
          }
          IssuedToken issued = created.get();
          return io.executeBlocking(() -> {
                SecretFile.write(config.adminTokenFile(), issued.secret());
                return null;
              }, false)
              .<Void>map(written -> {
                LOG.info("no API token existed: created admin token {} and wrote it to {} (owner"
                    + " only); send it as: Authorization: Bearer $(cat {})", issued.token().id(),
                    config.adminTokenFile(), config.adminTokenFile());
                return null;
              })
              // nobody could read a token whose file was not written: remove it (the next start
              // creates one again), fail the start
              .recover(err -> tokens.forget(issued.token().id())
                  .transform(removed -> Future.failedFuture(err)));
        });
  }
}
