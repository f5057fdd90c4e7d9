package dev.pledge.server.analytics;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides the client's address: the socket's peer, unless that peer is a configured trusted proxy,
 * in which case the right-most untrusted address of X-Forwarded-For (or Forwarded) — so a client
 * cannot forge its address by sending the header itself. The address is only ever used in memory,
 * for hashing and rate limiting; it is never stored.
 */
final class ClientAddress {

  private final List<Cidr> trustedProxies;

  ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
  }

  String resolve(String peer, String forwardedFor, String forwarded) {
    if (!isTrusted(peer)) {
      return peer;
    }
    String chain = forwardedFor != null ? forwardedFor : forwardedChain(forwarded);
    if (chain == null) {
      return peer;
    }
    String[] hops = chain.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = stripPort(hops[i].trim());
      if (!InetAddresses.isInetAddress(hop)) {
        return peer; // garbage in the header: fall back to what the socket says
      }
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  private boolean isTrusted(String address) {
    if (trustedProxies.isEmpty() || !InetAddresses.isInetAddress(address)) {
      return false;
    }
    InetAddress ip = InetAddresses.forString(address);
    return trustedProxies.stream().anyMatch(c -> c.contains(ip));
  }

  /** The for= values of a RFC 7239 Forwarded header, as a comma-separated chain. */
  private static String forwardedChain(String forwarded) {
    if (forwarded == null) {
      return null;
    }
    StringBuilder chain = new StringBuilder();
    for (String element : forwarded.split(",")) {
      for (String pair : element.split(";")) {
        String p = pair.trim();
        if (p.regionMatches(true, 0, "for=", 0, 4)) {
          if (chain.length() > 0) {
            chain.append(',');
          }
          chain.append(p.substring(4).replace("\"", ""));
        }
      }
    }
    return chain.length() == 0 ? null : chain.toString();
  }

  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    int colon = hop.indexOf(':');
    return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
  }

  /** An address block such as 10.0.0.0/8 or ::1/128. */
  record Cidr(byte[] network, int bits) {
    static Cidr parse(String text) {
      String[] parts = text.trim().split("/");
      InetAddress address = InetAddresses.forString(parts[0]);
      int max = address instanceof Inet4Address ? 32 : 128;
      int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : max;
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("bad prefix length in trusted proxy " + text);
      }
      return new Cidr(address.getAddress(), bits);
    }

    boolean contains(InetAddress ip) {
      // IPv4-mapped IPv6 addresses already arrive as IPv4 from the JDK, so lengths suffice.
      byte[] a = ip.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest);
      return (a[full] & mask) == (network[full] & mask);
    }
  }
}
