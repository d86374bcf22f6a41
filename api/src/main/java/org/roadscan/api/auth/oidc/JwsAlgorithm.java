package org.roadscan.api.auth.oidc;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * The JWS signature algorithms accepted (RFC 7518): asymmetric only. {@code none} and the HMAC
 * algorithms ({@code HS256}: a shared secret, which an issuer's public key must never be
 * mistaken for) are refused. Stateless.
 */
enum JwsAlgorithm {
  RS256("RSA", "SHA256withRSA", null),
  RS384("RSA", "SHA384withRSA", null),
  RS512("RSA", "SHA512withRSA", null),
  PS256("RSA", "RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
      32, 1)),
  PS384("RSA", "RSASSA-PSS", new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384,
      48, 1)),
  PS512("RSA", "RSASSA-PSS", new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512,
      64, 1)),
  // JWS carries ECDSA signatures as R || S (IEEE P1363), not DER
  ES256("EC", "SHA256withECDSAinP1363Format", null),
  ES384("EC", "SHA384withECDSAinP1363Format", null),
  ES512("EC", "SHA512withECDSAinP1363Format", null);

  private final String kty;
  private final String jcaName;
  private final PSSParameterSpec pss;

  JwsAlgorithm(String kty, String jcaName, PSSParameterSpec pss) {
    this.kty = kty;
    this.jcaName = jcaName;
    this.pss = pss;
  }

  static Optional<JwsAlgorithm> of(String alg) {
    return Arrays.stream(values()).filter(a -> a.name().equals(alg)).findFirst();
  }

  /** The JWK key type it needs: {@code RSA} or {@code EC}. */
  String kty() {
    return kty;
  }

  /** Whether {@code signature} signs {@code input} under {@code key}; false when malformed. */
  boolean verify(PublicKey key, byte[] input, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(jcaName);
      if (pss != null) {
        verifier.setParameter(pss);
      }
      verifier.initVerify(key);
      verifier.update(input);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
