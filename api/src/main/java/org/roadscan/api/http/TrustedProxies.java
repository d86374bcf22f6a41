package org.roadscan.api.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies whose forwarding headers ({@code X-Forwarded-Host}, {@code
 * X-Forwarded-Proto}, {@code X-Forwarded-Port}, {@code X-Forwarded-For}, {@code
 * X-Forwarded-Prefix}, {@code Forwarded}) are believed: a request from any other peer has them
 * removed before routing, so no handler can build links from what a client claims. Immutable,
 * thread-safe.
 *
 * @param ranges the proxies' address ranges; empty (the default) trusts no one
 */
public record TrustedProxies(List<Range> ranges) {

  /** Trusts no peer's forwarding headers. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private static final List<String> FORWARDING_HEADERS = List.of("X-Forwarded-Host",
      "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-For", "X-Forwarded-Prefix",
      "X-Forwarded-Server", "Forwarded");

  /**
   * An address range in CIDR notation: {@code 10.0.0.0/8}, {@code 2001:db8::/32}; a plain address
   * is a range of one.
   *
   * @param network the network address, bytes (4 for IPv4, 16 for IPv6)
   * @param prefixBits leading bits that must match
   */
  public record Range(byte[] network, int prefixBits) {

    /**
     * Parses CIDR notation.
     *
     * @throws IllegalArgumentException naming the text when it is no address or prefix; host
     *     names are refused (no DNS lookup at start)
     */
    public static Range parse(String cidr) {
      String text = cidr.strip();
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      if (address.isEmpty() || !address.matches("[0-9A-Fa-f:.]+")) {
        throw new IllegalArgumentException("not an IP address or CIDR range: '" + cidr + "'");
      }
      byte[] network;
      try {
        network = InetAddress.getByName(address).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address or CIDR range: '" + cidr + "'");
      }
      int bits = network.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException("prefix length out of range in '" + cidr + "'");
        }
      }
      return new Range(network, bits);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefixBits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public TrustedProxies {
    ranges = List.copyOf(ranges);
  }

  /**
   * Parses a comma-separated list of CIDR ranges; blank means none.
   *
   * @throws IllegalArgumentException naming the first entry that is not a range
   */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Range> ranges = new ArrayList<>();
    for (String item : list.split(",")) {
      if (!item.isBlank()) {
        ranges.add(Range.parse(item));
      }
    }
    return new TrustedProxies(ranges);
  }

  /** Whether a peer's forwarding headers are believed. */
  public boolean trusts(SocketAddress peer) {
    if (ranges.isEmpty() || peer == null || peer.hostAddress() == null) {
      return false;
    }
    String host = peer.hostAddress().toLowerCase(Locale.ROOT);
    if (!host.matches("[0-9a-f:.]+")) {
      return false; // a Unix socket or a name: never a configured proxy
    }
    byte[] address;
    try {
      address = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      return false;
    }
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Removes the forwarding headers of a request whose peer is not a trusted proxy. */
  public void stripUntrusted(HttpServerRequest request) {
    if (trusts(request.remoteAddress())) {
      return;
    }
    for (String header : FORWARDING_HEADERS) {
      request.headers().remove(header);
    }
  }

  @Override
  public String toString() {
    return ranges.toString();
  }
}
