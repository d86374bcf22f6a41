package org.roadscan.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  @Test
  void trustsPeersInsideTheRangesOnly() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, 2001:db8::/32");
    assertThat(proxies.trusts(SocketAddress.inetSocketAddress(1, "10.200.3.4"))).isTrue();
    assertThat(proxies.trusts(SocketAddress.inetSocketAddress(1, "11.0.0.1"))).isFalse();
    assertThat(proxies.trusts(SocketAddress.inetSocketAddress(1, "192.168.1.7"))).isTrue();
    assertThat(proxies.trusts(SocketAddress.inetSocketAddress(1, "192.168.1.8"))).isFalse();
    assertThat(proxies.trusts(SocketAddress.inetSocketAddress(1, "2001:db8:1::5"))).isTrue();
    assertThat(proxies.trusts(SocketAddress.inetSocketAddress(1, "2001:db9::5"))).isFalse();
    assertThat(proxies.trusts(null)).isFalse();
  }

  @Test
  void oddPrefixLengthsMaskTheRightBits() {
    TrustedProxies proxies = TrustedProxies.parse("172.16.0.0/12");
    assertThat(proxies.trusts(SocketAddress.inetSocketAddress(1, "172.31.255.255"))).isTrue();
    assertThat(proxies.trusts(SocketAddress.inetSocketAddress(1, "172.32.0.0"))).isFalse();
  }

  @Test
  void trustsNoOneByDefaultAndRefusesWhatIsNoRange() {
    assertThat(TrustedProxies.parse(" ").trusts(SocketAddress.inetSocketAddress(1, "127.0.0.1")))
        .isFalse();
    assertThatThrownBy(() -> TrustedProxies.parse("proxy.example.org"))
        .hasMessageContaining("proxy.example.org");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("/33");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/x")).hasMessageContaining("/x");
  }
}
