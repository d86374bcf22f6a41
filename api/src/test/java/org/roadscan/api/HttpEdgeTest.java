package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.RawHttp;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.SharedPostgres;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.testing.HostileJpeg;

/**
 * Issue #30, what the server bounds per connection, over real sockets: a connection that sends
 * nothing (or headers one byte at a time) is closed after the header deadline, a body that stops
 * coming is answered 408, event streams and WebSockets outlive those deadlines, connections over
 * the cap get 503 with {@code Retry-After}, and forwarding headers count only from a trusted
 * proxy. Deadlines of 1 s; the waits are socket read timeouts and Vert.x timers, not sleeps.
 */
class HttpEdgeTest {

  @TempDir
  static Path dataDir;
  @TempDir
  static Path cappedDataDir;
  private static Vertx vertx;
  private static int port;
  private static Vertx cappedVertx;
  private static int cappedPort;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    RoadScanVerticle verticle = new RoadScanVerticle(TestService.config(dataDir,
        SharedPostgres.newDatabaseUrl(), Map.of(AppConfig.HEADER_TIMEOUT_S, "1",
            AppConfig.BODY_TIMEOUT_S, "1", AppConfig.TRUSTED_PROXIES, "10.0.0.0/8, 127.0.0.1/32")),
        c -> new ScriptedCaptureAnalyzer(), TestCaptures.ACCEPT_ALL);
    Await.result(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    cappedVertx = Vertx.vertx();
    RoadScanVerticle capped = new RoadScanVerticle(TestService.config(cappedDataDir,
        SharedPostgres.newDatabaseUrl(), Map.of(AppConfig.MAX_CONNECTIONS, "2",
            AppConfig.MAX_UPLOADS, "1", AppConfig.WORKERS, "0", AppConfig.FEED_WORKERS, "0")),
        c -> new ScriptedCaptureAnalyzer(), TestCaptures.ACCEPT_ALL);
    Await.result(cappedVertx.deployVerticle(capped));
    cappedPort = capped.actualPort();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
    Await.result(cappedVertx.close());
  }

  /** Writes {@code bytes}, then reads until the server closes (true) or 5 s pass (false). */
  private static boolean closedAfterWriting(byte[] bytes) {
    return RawHttp.closedAfter(port, bytes, 5000);
  }

  @Test
  void aConnectionThatSendsNoHeadersIsClosed() {
    long start = System.nanoTime();
    assertThat(closedAfterWriting(new byte[0])).isTrue();
    assertThat((System.nanoTime() - start) / 1e9).isBetween(0.9, 4.0);
    // headers that never end (slowloris): closed the same way
    assertThat(closedAfterWriting("GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n"
        .getBytes(StandardCharsets.US_ASCII))).isTrue();
  }

  @Test
  void aKeptAliveConnectionIsClosedWhenNoNextRequestComes() throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).endsWith("200");
      long start = System.nanoTime();
      while (in.read() >= 0) {
        // the rest of the answer, then the close
      }
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(4.0);
    }
  }

  @Test
  void aBodyThatStopsComingIsAnswered408() throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("POST /v1/surveys HTTP/1.1\r\nHost: localhost\r\n"
          + RawHttp.AUTHORIZATION_LINE + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":")
          .getBytes(StandardCharsets.US_ASCII));
      RawHttp.Response response = RawHttp.read(socket.getInputStream());
      assertThat(response.status()).isEqualTo(408);
      assertThat(response.headers().get("content-type")).isEqualTo("application/problem+json");
      assertThat(response.json().getString("type")).isEqualTo(ProblemType.REQUEST_TIMEOUT.uri());
      assertThat(response.json().getInteger("bodyTimeoutS")).isEqualTo(1);
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void eventStreamsAndWebSocketsOutliveTheDeadlines() throws Exception {
    RawHttp.Response created = RawHttp.exchange(port, "POST /v1/surveys HTTP/1.1\r\n"
        + "Host: localhost\r\nContent-Type: application/json",
        "{\"name\":\"edge\",\"kind\":\"drone\"}".getBytes(StandardCharsets.UTF_8));
    long survey = created.json().getLong("id");
    try (Socket socket = new Socket("localhost", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /v1/surveys/" + survey + "/events HTTP/1.1\r\nHost: localhost\r\n"
          + RawHttp.AUTHORIZATION_LINE + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      socket.setSoTimeout(5000);
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).endsWith("200");
      // read whatever the stream sends; it must still be open 2.5 s (2.5 deadlines) later
      socket.setSoTimeout(2500);
      boolean open = false;
      try {
        while (in.read() >= 0) {
          // events so far
        }
      } catch (SocketTimeoutException stillOpen) {
        open = true;
      }
      assertThat(open).as("the event stream was closed").isTrue();
    }
    WebSocketClient sockets = vertx.createWebSocketClient();
    WebSocket ws = Await.result(sockets.connect(port, "localhost",
        "/v1/feed/ws?access_token=" + TestService.ADMIN_TOKEN));
    Await.result(vertx.timer(2500));
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    ws.textMessageHandler(text -> answer.complete(new JsonObject(text)));
    ws.writeBinaryMessage(Buffer.buffer(HostileJpeg.pixelBomb(60_000, 60_000)));
    assertThat(answer.get(10, TimeUnit.SECONDS).getString("problemType"))
        .isEqualTo(ProblemType.TOO_MANY_PIXELS.uri());
    Await.result(ws.close());
    Await.result(sockets.close());
  }

  @Test
  void forwardingHeadersCountFromATrustedProxyOnly() {
    RawHttp.Response proxied = RawHttp.get(port, "/ogc", "X-Forwarded-Host: gis.example.org",
        "X-Forwarded-Proto: https");
    assertThat(proxied.text()).contains("https://gis.example.org/ogc/collections");
    // a value that is no host is never put into a link, even from a trusted proxy
    RawHttp.Response odd = RawHttp.get(port, "/ogc", "X-Forwarded-Host: a/b\"c",
        "X-Forwarded-Proto: javascript");
    assertThat(odd.text()).doesNotContain("a/b").doesNotContain("javascript")
        .contains("http://localhost:" + port + "/ogc");
  }

  @Test
  void connectionsOverTheCapGet503AndAreClosed() throws Exception {
    try (Socket first = new Socket("localhost", cappedPort);
        Socket second = new Socket("localhost", cappedPort)) {
      first.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      first.setSoTimeout(5000);
      assertThat(new String(first.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .endsWith("200");
      second.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      second.setSoTimeout(5000);
      assertThat(new String(second.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .endsWith("200");
      RawHttp.Response third = RawHttp.get(cappedPort, "/health");
      assertThat(third.status()).isEqualTo(503);
      assertThat(third.headers().get("retry-after")).isEqualTo("5");
      assertThat(third.json().getString("type"))
          .isEqualTo(ProblemType.TOO_MANY_CONNECTIONS.uri());
      assertThat(third.json().getInteger("maxConnections")).isEqualTo(2);
    }
    // the two closed: room again (the server notices a close within moments)
    RawHttp.Response again = null;
    for (int i = 0; i < 50 && (again == null || again.status() == 503); i++) {
      if (again != null) {
        Await.result(cappedVertx.timer(100));
      }
      again = RawHttp.get(cappedPort, "/health");
    }
    assertThat(again.status()).isEqualTo(200);
  }

  @Test
  void anUploadOverTheLimitGets429WithRetryAfterAndTheConnectionLives() throws Exception {
    String head = "POST /v1/captures HTTP/1.1\r\nHost: x\r\n" + RawHttp.AUTHORIZATION_LINE
        + "Content-Type: multipart/form-data; boundary=b\r\n";
    String body = "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n"
        + "\r\n" + "x".repeat(5000) + "\r\n--b--\r\n";
    // Which of two requests takes the one slot depends on whose token look-up answers first: when
    // the second one wins, the holding one is refused instead, and the pair is tried again.
    for (int attempt = 0; attempt < 20; attempt++) {
      try (Socket holding = new Socket("localhost", cappedPort);
          Socket refused = new Socket("localhost", cappedPort)) {
        // the one upload slot: headers and the start of a body that is still coming
        holding.getOutputStream().write((head + "Content-Length: 100000\r\n\r\n--b\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        holding.getOutputStream().flush();
        refused.setSoTimeout(5000);
        refused.getOutputStream().write((head + "Content-Length: " + body.length()
            + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response answer = RawHttp.read(refused.getInputStream());
        if (answer.status() != 429) {
          continue;
        }
        assertThat(answer.headers().get("retry-after")).isEqualTo("2");
        assertThat(answer.json().getString("type")).isEqualTo(ProblemType.TOO_MANY_UPLOADS.uri());
        assertThat(answer.json().getInteger("maxUploads")).isEqualTo(1);
        // its small body was read and dropped: the same connection answers the next request
        refused.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(RawHttp.read(refused.getInputStream()).status()).isEqualTo(200);
        return;
      }
    }
    throw new AssertionError("no upload was refused with 429 in 20 attempts");
  }

}
