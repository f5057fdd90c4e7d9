package dev.pledge.server.accesslog;

/**
 * One address as numbers, reused for every address of a run so that parsing allocates nothing. IPv6
 * is held as two longs; an IPv4-mapped IPv6 address stays IPv6 here and is recognised by {@link
 * #isMappedIpv4()}.
 */
final class ParsedAddress {
  boolean ipv6;
  int ipv4;
  long hi;
  long lo;

  void setIpv4(int value) {
    ipv6 = false;
    ipv4 = value;
  }

  void setIpv6(long high, long low) {
    ipv6 = true;
    hi = high;
    lo = low;
  }

  /** {@code ::ffff:a.b.c.d}: an IPv4 client seen through a dual-stack socket. */
  boolean isMappedIpv4() {
    return ipv6 && hi == 0 && (lo >>> 32) == 0xFFFFL;
  }

  boolean sameAs(ParsedAddress other) {
    return ipv6 == other.ipv6 && (ipv6 ? hi == other.hi && lo == other.lo : ipv4 == other.ipv4);
  }

  void copyFrom(ParsedAddress other) {
    ipv6 = other.ipv6;
    ipv4 = other.ipv4;
    hi = other.hi;
    lo = other.lo;
  }
}
