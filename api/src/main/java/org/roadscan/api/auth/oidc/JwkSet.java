package org.roadscan.api.auth.oidc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys of a JSON Web Key Set (RFC 7517): RSA ({@code n}, {@code e}) and EC ({@code
 * P-256}, {@code P-384}, {@code P-521}) public keys whose {@code use} is {@code sig} or unset.
 * Keys of other types, encryption keys and malformed keys are skipped (and logged). Immutable.
 */
public final class JwkSet {

  private static final Logger LOG = LoggerFactory.getLogger(JwkSet.class);
  private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1",
      "P-384", "secp384r1", "P-521", "secp521r1");

  /** A signing key: its {@code kid} (or null), type ({@code RSA}, {@code EC}) and key. */
  public record Key(String kid, String kty, PublicKey publicKey) {
  }

  private final List<Key> keys;

  private JwkSet(List<Key> keys) {
    this.keys = List.copyOf(keys);
  }

  public static JwkSet parse(JsonObject jwks) {
    JsonArray array = jwks.getJsonArray("keys");
    if (array == null) {
      throw new IllegalArgumentException("a JWKS has a 'keys' array");
    }
    List<Key> keys = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof JsonObject jwk)) {
        continue;
      }
      String use = jwk.getString("use");
      if (use != null && !"sig".equals(use)) {
        continue;
      }
      try {
        PublicKey key = switch (String.valueOf(jwk.getString("kty"))) {
          case "RSA" -> rsa(jwk);
          case "EC" -> ec(jwk);
          default -> null;
        };
        if (key != null) {
          keys.add(new Key(jwk.getString("kid"), jwk.getString("kty"), key));
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        LOG.warn("skipping unusable key {} of the OIDC key set: {}", jwk.getString("kid"),
            e.toString());
      }
    }
    return new JwkSet(keys);
  }

  /**
   * The key a token's header names: by {@code kid}, or the only key of type {@code kty} when
   * the header names none.
   */
  public Optional<Key> find(String kid, String kty) {
    if (kid != null) {
      return keys.stream().filter(key -> kid.equals(key.kid()) && kty.equals(key.kty()))
          .findFirst();
    }
    List<Key> ofType = keys.stream().filter(key -> kty.equals(key.kty())).toList();
    return ofType.size() == 1 ? Optional.of(ofType.get(0)) : Optional.empty();
  }

  public int size() {
    return keys.size();
  }

  private static PublicKey rsa(JsonObject jwk) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
        unsigned(jwk, "n"), unsigned(jwk, "e")));
  }

  private static PublicKey ec(JsonObject jwk) throws GeneralSecurityException {
    String curve = CURVES.get(jwk.getString("crv"));
    if (curve == null) {
      throw new GeneralSecurityException("unsupported curve " + jwk.getString("crv"));
    }
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(curve));
    ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
        new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y")), spec));
  }

  private static BigInteger unsigned(JsonObject jwk, String member) {
    String value = jwk.getString(member);
    if (value == null) {
      throw new IllegalArgumentException("missing '" + member + "'");
    }
    return new BigInteger(1, Base64.getUrlDecoder().decode(value));
  }
}
