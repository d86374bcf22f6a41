package org.roadscan.api.auth.oidc;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.roadscan.api.config.AuthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys: its discovery document ({@code <issuer>/.well-known/openid-
 * configuration}) names {@code jwks_uri}, whose key set is cached. A token signed with a key not
 * in the cache (the issuer rotated its keys) fetches the set again, at most once per {@value
 * #MIN_REFRESH_INTERVAL_MS} ms, so forged key ids cannot make us hammer the issuer. Fetched with
 * Vert.x's non-blocking WebClient: nothing waits on the event loop. A failed fetch keeps the
 * keys held before. Thread-safe.
 */
public final class OidcKeys {

  static final long MIN_REFRESH_INTERVAL_MS = 30_000;
  private static final long FETCH_TIMEOUT_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(OidcKeys.class);

  private final WebClient web;
  private final AuthConfig.Oidc config;
  private final long minRefreshIntervalMs;
  private volatile JwkSet keys;
  private long fetchedAtMs = Long.MIN_VALUE / 2;
  private Future<JwkSet> inFlight;

  public OidcKeys(HttpClient client, AuthConfig.Oidc config) {
    this(client, config, MIN_REFRESH_INTERVAL_MS);
  }

  /** With another minimum interval between fetches (tests of key rotation). */
  OidcKeys(HttpClient client, AuthConfig.Oidc config, long minRefreshIntervalMs) {
    this.web = WebClient.wrap(client);
    this.config = config;
    this.minRefreshIntervalMs = minRefreshIntervalMs;
  }

  /** The cached keys, fetched first when there are none yet. */
  public Future<JwkSet> current() {
    JwkSet held = keys;
    return held != null ? Future.succeededFuture(held) : refresh();
  }

  /** Fetches the keys again unless that was done within the minimum interval. */
  public Future<JwkSet> refreshIfAllowed() {
    synchronized (this) {
      if (inFlight == null && System.currentTimeMillis() - fetchedAtMs < minRefreshIntervalMs
          && keys != null) {
        return Future.succeededFuture(keys);
      }
    }
    return refresh();
  }

  /** Fetches discovery document and key set (one fetch at a time; callers share it). */
  public synchronized Future<JwkSet> refresh() {
    if (inFlight != null) {
      return inFlight;
    }
    fetchedAtMs = System.currentTimeMillis();
    Future<JwkSet> fetch = json(config.issuerText() + "/.well-known/openid-configuration")
        .compose(discovery -> {
          String issuer = discovery.getString("issuer");
          if (issuer == null || !strip(issuer).equals(config.issuerText())) {
            return Future.failedFuture(new IllegalStateException("the discovery document names"
                + " issuer " + issuer + ", not " + config.issuerText()));
          }
          String jwksUri = discovery.getString("jwks_uri");
          if (jwksUri == null) {
            return Future.failedFuture(new IllegalStateException(
                "the discovery document names no jwks_uri"));
          }
          return json(jwksUri);
        })
        .map(JwkSet::parse);
    inFlight = fetch;
    fetch.onComplete(done -> {
      synchronized (this) {
        inFlight = null;
        if (done.succeeded()) {
          keys = done.result();
          LOG.info("OIDC: {} signing key(s) of {}", keys.size(), config.issuerText());
        } else {
          LOG.warn("OIDC: cannot fetch the signing keys of {}: {}", config.issuerText(),
              done.cause().toString());
        }
      }
    });
    return fetch;
  }

  private Future<JsonObject> json(String url) {
    // WebClient reads the whole body in the connection's own handlers: a plain HttpClient
    // response whose body() is asked for from another context can lose it (seen as an empty
    // 200 body when the fetch was started off the event loop)
    return web.getAbs(url).timeout(FETCH_TIMEOUT_MS)
        .putHeader(HttpHeaders.ACCEPT.toString(), "application/json").send()
        .compose(response -> response.statusCode() == 200
            ? Future.succeededFuture(response.bodyAsJsonObject())
            : Future.failedFuture(new IllegalStateException(url + " answered "
                + response.statusCode())));
  }

  private static String strip(String issuer) {
    return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }
}
