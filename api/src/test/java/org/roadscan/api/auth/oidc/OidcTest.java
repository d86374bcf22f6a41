package org.roadscan.api.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.auth.Principal;
import org.roadscan.api.auth.Role;
import org.roadscan.api.config.AuthConfig;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;

/**
 * Issue #30, OpenID Connect: a stand-in issuer (a real HTTP server of this test, Keycloak's
 * paths) publishes its discovery document and keys, generated here; the service accepts access
 * tokens signed with them for its audience and maps Keycloak's realm roles to ours. Expired,
 * foreign-audience, foreign-issuer, badly signed and unsigned tokens are 401; a token without our
 * roles is 403; rotated keys are fetched again, forged key ids are not fetched for.
 */
class OidcTest {

  private static final String AUDIENCE = "roadscan";

  private static Vertx vertx;
  private static HttpServer issuerServer;
  private static String issuer;
  private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
  private static final List<JsonObject> PUBLISHED = new CopyOnWriteArrayList<>();
  private static KeyPair rsa;
  private static KeyPair ec;
  private static int port;
  private static WebClient client;

  @BeforeAll
  static void start(@TempDir Path dataDir) throws Exception {
    vertx = Vertx.vertx();
    rsa = rsaKey();
    ec = ecKey();
    PUBLISHED.add(jwk("k1", rsa));
    PUBLISHED.add(jwk("e1", ec));
    issuerServer = Await.result(vertx.createHttpServer().requestHandler(request -> {
      if (request.path().endsWith("/.well-known/openid-configuration")) {
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("issuer", issuer).put("jwks_uri", issuer + "/protocol/openid-connect/certs")
            .encode());
      } else if (request.path().endsWith("/protocol/openid-connect/certs")) {
        JWKS_FETCHES.incrementAndGet();
        request.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("keys", new JsonArray(List.copyOf(PUBLISHED))).encode());
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen(0));
    issuer = "http://localhost:" + issuerServer.actualPort() + "/realms/stadt";
    RoadScanVerticle service = new RoadScanVerticle(TestService.config(dataDir,
        SharedPostgres.newDatabaseUrl(), Map.of(AuthConfig.OIDC_ISSUER, issuer,
            AuthConfig.OIDC_AUDIENCE, AUDIENCE)), c -> new ScriptedCaptureAnalyzer(),
        TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(service));
    port = service.actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void aKeycloakTokenWithOurRoleIsAPrincipalNamedAfterItsUser() {
    String token = rs256("k1", rsa.getPrivate(), claims("roaddept", "offline_access"));
    HttpResponse<Buffer> me = get("/v1/me", token);
    assertThat(me.statusCode()).as(me.bodyAsString()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("name")).isEqualTo("a.schmidt");
    assertThat(me.bodyAsJsonObject().getString("role")).isEqualTo("roaddept");
    assertThat(me.bodyAsJsonObject().getJsonArray("may").getList())
        .contains("PATCH /v1/damages/{id}");
    // an EC key (ES256) and an audience list work as well
    String es256 = es256("e1", ec.getPrivate(), claims("viewer")
        .put("aud", new JsonArray().add("account").add(AUDIENCE)));
    assertThat(get("/v1/repairs", es256).statusCode()).isEqualTo(200);
  }

  @Test
  void theRolesOfTheClaimDecideAsForTokens() {
    String viewer = rs256("k1", rsa.getPrivate(), claims("viewer"));
    assertThat(get("/v1/repairs", viewer).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> patch = Await.result(client.patch(port, "localhost", "/v1/damages/1")
        .putHeader("Authorization", TestService.bearer(viewer)).send());
    assertThat(patch.statusCode()).isEqualTo(403);
    assertThat(problemType(patch)).isEqualTo(ProblemType.FORBIDDEN.uri());

    HttpResponse<Buffer> none = get("/v1/me", rs256("k1", rsa.getPrivate(),
        claims("offline_access", "uma_authorization")));
    assertThat(none.statusCode()).as("valid, but none of our roles").isEqualTo(403);
    assertThat(none.bodyAsJsonObject().getString("detail")).contains("realm_access.roles");
  }

  @Test
  void tokensThatAreExpiredForeignBadlySignedOrUnsignedAre401() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    Map<String, String> refused = Map.of(
        "expired", rs256("k1", rsa.getPrivate(), claims("roaddept").put("exp", now - 120)),
        "not yet valid", rs256("k1", rsa.getPrivate(), claims("roaddept").put("nbf", now + 600)),
        "another audience", rs256("k1", rsa.getPrivate(), claims("roaddept").put("aud",
            "other-app")),
        "another issuer", rs256("k1", rsa.getPrivate(), claims("roaddept").put("iss",
            "http://localhost:1/realms/evil")),
        "another key", rs256("k1", rsaKey().getPrivate(), claims("roaddept")),
        "no expiry", rs256("k1", rsa.getPrivate(), claims("roaddept").put("exp", (Object) null)),
        "alg none", unsigned(claims("roaddept")),
        "HS256 with the public key as secret", hs256(claims("roaddept")));
    refused.forEach((why, token) -> {
      HttpResponse<Buffer> response = get("/v1/me", token);
      assertThat(response.statusCode()).as(why + ": " + response.bodyAsString()).isEqualTo(401);
      assertThat(problemType(response)).isEqualTo(ProblemType.UNAUTHORIZED.uri());
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
    });
  }

  @Test
  void forgedKeyIdsDoNotMakeTheServiceFetchKeysAgainAndAgain() throws Exception {
    int before = JWKS_FETCHES.get();
    for (int i = 0; i < 5; i++) {
      assertThat(get("/v1/me", rs256("forged-" + i, rsaKey().getPrivate(), claims("admin")))
          .statusCode()).isEqualTo(401);
    }
    assertThat(JWKS_FETCHES.get() - before).as("at most one fetch per interval")
        .isLessThanOrEqualTo(1);
  }

  @Test
  void aRotatedKeyIsFetchedWhenATokenNamesIt() throws Exception {
    AuthConfig.Oidc config = new AuthConfig.Oidc(URI.create(issuer), AUDIENCE,
        "resource_access.roadscan.roles", "roadscan-");
    OidcVerifier verifier = new OidcVerifier(new OidcKeys(vertx.createHttpClient(), config, 0),
        config);
    Await.result(verifier.prefetch());
    KeyPair rotated = rsaKey();
    PUBLISHED.add(jwk("k2", rotated));
    try {
      JsonObject claims = claims().put("resource_access", new JsonObject().put("roadscan",
          new JsonObject().put("roles", new JsonArray().add("roadscan-crew").add("crew-lead"))));
      Principal principal = Await.result(verifier.verify(rs256("k2", rotated.getPrivate(),
          claims)));
      assertThat(principal.roles()).as("prefixed names only").containsExactly(Role.CREW);
      assertThat(principal.id()).isEqualTo("oidc:f3b1-user");
      // PS256 as well
      assertThat(Await.result(verifier.verify(ps256("k2", rotated.getPrivate(), claims)))
          .name()).isEqualTo("a.schmidt");
    } finally {
      PUBLISHED.removeIf(jwk -> "k2".equals(jwk.getString("kid")));
    }
    Throwable refused = Await.failure(verifier.verify(rs256("k9", rsaKey().getPrivate(),
        claims())));
    assertThat(refused).isInstanceOf(ProblemException.class).hasMessageContaining("kid k9");
  }

  // ------------------------------------------------------------------ tokens, signed here

  private static JsonObject claims(String... realmRoles) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", issuer).put("aud", AUDIENCE).put("sub", "f3b1-user")
        .put("preferred_username", "a.schmidt").put("iat", now).put("exp", now + 300)
        .put("realm_access", new JsonObject().put("roles", new JsonArray(List.of(realmRoles))));
  }

  private static String rs256(String kid, PrivateKey key, JsonObject claims) {
    return signed("RS256", kid, claims, input -> sign("SHA256withRSA", null, key, input));
  }

  private static String ps256(String kid, PrivateKey key, JsonObject claims) {
    return signed("PS256", kid, claims, input -> sign("RSASSA-PSS", new PSSParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1), key, input));
  }

  private static String es256(String kid, PrivateKey key, JsonObject claims) {
    return signed("ES256", kid, claims, input -> sign("SHA256withECDSAinP1363Format", null, key,
        input));
  }

  private static String unsigned(JsonObject claims) {
    return b64(new JsonObject().put("alg", "none").encode()) + "." + b64(claims.encode()) + ".";
  }

  /** The classic confusion attack: HMAC keyed with the issuer's public RSA key. */
  private static String hs256(JsonObject claims) throws Exception {
    String input = b64(new JsonObject().put("alg", "HS256").put("kid", "k1").encode()) + "."
        + b64(claims.encode());
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(rsa.getPublic().getEncoded(), "HmacSHA256"));
    return input + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  private interface Signer {
    byte[] sign(byte[] input) throws Exception;
  }

  private static String signed(String alg, String kid, JsonObject claims, Signer signer) {
    String input = b64(new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid)
        .encode()) + "." + b64(claims.encode());
    try {
      return input + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sign(String algorithm, PSSParameterSpec pss, PrivateKey key,
      byte[] input) throws Exception {
    Signature signature = Signature.getInstance(algorithm);
    if (pss != null) {
      signature.setParameter(pss);
    }
    signature.initSign(key);
    signature.update(input);
    return signature.sign();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static KeyPair rsaKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static KeyPair ecKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static JsonObject jwk(String kid, KeyPair pair) {
    if (pair.getPublic() instanceof RSAPublicKey key) {
      return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
          .put("alg", "RS256").put("n", unsigned(key.getModulus()))
          .put("e", unsigned(key.getPublicExponent()));
    }
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "EC").put("kid", kid).put("use", "sig").put("crv", "P-256")
        .put("x", coordinate(key.getW().getAffineX())).put("y", coordinate(key.getW().getAffineY()));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A P-256 coordinate as JWK writes it: exactly 32 bytes. */
  private static String coordinate(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  private static HttpResponse<Buffer> get(String path, String token) {
    return Await.result(client.get(port, "localhost", path)
        .putHeader("Authorization", TestService.bearer(token)).send());
  }

  private static String problemType(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("type");
  }
}
