package dev.pledge.server.devapi;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where a webhook may be delivered. A developer names the URL and the server makes the request, so
 * an address inside the server's own networks — its loopback, a private or link-local range (a
 * cloud's metadata service at 169.254.169.254), carrier-grade NAT, IPv6 unique-local — would let
 * anyone with an API key reach services that trust their network (server-side request forgery).
 * Every address a host name resolves to is checked, when the webhook is registered and again before
 * each delivery (a name may point elsewhere by then). Loopback is allowed only where the operator
 * says so ({@code pledge.api.webhooks.allow-loopback}: the demo and the tests, on one machine).
 */
final class WebhookTargets {

  private WebhookTargets() {}

  /** Looks a host name up: the system's resolver, or a test's. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * What one look-up found: the addresses, all allowed, or why not (then no addresses). A delivery
   * connects to exactly these addresses, so a name that points elsewhere a moment later (DNS
   * rebinding) cannot redirect it.
   */
  record Checked(String refusal, InetAddress[] addresses) {}

  /** Why {@code url} may not receive deliveries, in words for the developer; null when it may. */
  static String refusal(URI url, boolean allowLoopback) {
    return check(url, allowLoopback, InetAddress::getAllByName).refusal();
  }

  static Checked check(URI url, boolean allowLoopback, Resolver resolver) {
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      return new Checked("the URL has no host", new InetAddress[0]);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return new Checked("its host name does not resolve", new InetAddress[0]);
    }
    if (addresses == null || addresses.length == 0) {
      return new Checked("its host name does not resolve", new InetAddress[0]);
    }
    for (InetAddress a : addresses) {
      if (a.isLoopbackAddress()) {
        if (!allowLoopback) {
          return new Checked("it points at the server itself (loopback)", new InetAddress[0]);
        }
      } else if (internal(a)) {
        return new Checked("it points into a private or reserved network", new InetAddress[0]);
      }
    }
    return new Checked(null, addresses.clone());
  }

  private static boolean internal(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address six) {
      if (six.isIPv4CompatibleAddress()) {
        return true;
      }
      InetAddress embedded = embeddedIpv4(b);
      if (embedded != null) {
        // A translator or relay carries it to this IPv4 address: 64:ff9b::a9fe:a9fe is the
        // metadata service on a NAT64 network, 2002:a9fe:a9fe:: through 6to4.
        return embedded.isLoopbackAddress() || internal(embedded);
      }
      return (b[0] & 0xfe) == 0xfc // fc00::/7, unique local
          || prefix(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01) // 64:ff9b:1::/48, local-use NAT64
          || prefix(b, 0x20, 0x01, 0x00, 0x00) // 2001::/32, Teredo (a tunnel to any IPv4)
          || prefix(b, 0x20, 0x01, 0x0d, 0xb8) // 2001:db8::/32, documentation
          || prefix(b, 0x01, 0x00, 0, 0, 0, 0, 0, 0); // 100::/64, discard-only
    }
    return false;
  }

  /** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6 address, or null. */
  private static InetAddress embeddedIpv4(byte[] b) {
    int from;
    if (prefix(b, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
      from = 12;
    } else if (prefix(b, 0x20, 0x02)) {
      from = 2;
    } else {
      return null;
    }
    try {
      return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, from, from + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  private static boolean prefix(byte[] b, int... bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if ((b[i] & 0xff) != bytes[i]) {
        return false;
      }
    }
    return true;
  }
}
