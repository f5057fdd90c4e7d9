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

  /** Why {@code url} may not receive deliveries, in words for the developer; null when it may. */
  static String refusal(URI url, boolean allowLoopback) {
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      return "the URL has no host";
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return "its host name does not resolve";
    }
    for (InetAddress a : addresses) {
      if (a.isLoopbackAddress()) {
        if (!allowLoopback) {
          return "it points at the server itself (loopback)";
        }
      } else if (internal(a)) {
        return "it points into a private or reserved network";
      }
    }
    return null;
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
