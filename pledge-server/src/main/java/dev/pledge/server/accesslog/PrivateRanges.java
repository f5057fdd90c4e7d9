package dev.pledge.server.accesslog;

/**
 * Addresses that {@code --skip-private} leaves as they are: they name a machine inside the
 * operator's own network, not a visitor. Carrier-grade NAT space (100.64.0.0/10) is deliberately
 * not here: it identifies a subscriber at their ISP, so it is anonymised like any public address.
 */
final class PrivateRanges {
  private PrivateRanges() {}

  static boolean isPrivate(ParsedAddress a) {
    if (!a.ipv6) {
      return isPrivateIpv4(a.ipv4);
    }
    if (a.isMappedIpv4()) {
      return isPrivateIpv4((int) a.lo);
    }
    if (a.hi == 0 && (a.lo == 0 || a.lo == 1)) {
      return true; // :: and ::1
    }
    int top16 = (int) (a.hi >>> 48);
    return (top16 & 0xFE00) == 0xFC00 // fc00::/7 unique local
        || (top16 & 0xFFC0) == 0xFE80; // fe80::/10 link local
  }

  static boolean isPrivateIpv4(int v) {
    int a = v >>> 24;
    int b = (v >>> 16) & 0xFF;
    return a == 10
        || a == 127
        || (a == 172 && (b & 0xF0) == 16)
        || (a == 192 && b == 168)
        || (a == 169 && b == 254);
  }
}
