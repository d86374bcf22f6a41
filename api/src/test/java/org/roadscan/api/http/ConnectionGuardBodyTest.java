package org.roadscan.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionGuard#hasBody}: only a request that announced a body is held to the body
 * progress rule (a GET for a static file, paused by the router, was once timed out as a stalled
 * body in PageBrowserTest).
 */
class ConnectionGuardBodyTest {

  private static MultiMap headers(String... pairs) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      m.add(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void aRequestWithoutLengthOrChunksHasNoBody() {
    assertThat(ConnectionGuard.hasBody(headers())).isFalse();
    assertThat(ConnectionGuard.hasBody(headers("Content-Length", "0"))).isFalse();
  }

  @Test
  void aLengthAboveZeroChunksOrAMalformedLengthAreWatched() {
    assertThat(ConnectionGuard.hasBody(headers("content-length", "1000"))).isTrue();
    assertThat(ConnectionGuard.hasBody(headers("Transfer-Encoding", "chunked"))).isTrue();
    assertThat(ConnectionGuard.hasBody(headers("Content-Length", "12x"))).isTrue();
  }
}
