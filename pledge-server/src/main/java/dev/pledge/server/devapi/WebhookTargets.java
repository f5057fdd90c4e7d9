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
      return (b[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }
    return false;
  }
}
