package org.roadscan.api.auth;

/**
 * A token just created, with its secret: the only moment the secret exists outside its holder.
 *
 * @param token the stored token
 * @param secret the bearer secret ({@link TokenSecret}); print or send it once, never log it
 */
public record IssuedToken(ApiToken token, String secret) {

  @Override
  public String toString() {
    return "IssuedToken[" + token + "]"; // never the secret
  }
}
