package org.roadscan.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret of an API token: {@code rs_} and 256 random bits in base64url (46 characters), shown
 * once when created; the database keeps only its SHA-256.
 *
 * <p>Plain SHA-256, not a password hash (bcrypt, scrypt, Argon2): those slow down guessing of
 * low-entropy secrets that people choose. A token has 256 random bits, so nobody can guess it
 * from its hash however fast the hash, and one fast hash lets a request find its token with a
 * single indexed look-up. Stateless, thread-safe.
 */
public final class TokenSecret {

  /** Marks a RoadScan token (and lets secret scanners recognise a leaked one). */
  public static final String PREFIX = "rs_";
  /**
   * Shortest secret accepted from {@code ROADSCAN_ADMIN_TOKEN}: it is stored with the same fast
   * hash, so it must be as unguessable as a generated one (32 characters of base64 or hex).
   */
  public static final int MIN_PROVIDED_CHARS = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecret() {
  }

  /** A new secret. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of the secret's UTF-8 bytes: what the database stores and looks up. */
  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
