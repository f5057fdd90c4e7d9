package dev.pledge.server.accesslog;

/**
 * Truncates addresses to a prefix with integer operations: IPv4 to {@code ipv4Bits} (24 by
 * default), IPv6 to {@code ipv6Bits} (48 by default), IPv4-mapped IPv6 as IPv4.
 *
 * <p>6to4 addresses (2002::/16) carry the client's IPv4 address in bits 16–47, so keeping 48 bits
 * would keep that IPv4 address whole; they keep 16 + {@code ipv4Bits} bits instead.
 */
final class AddressMasker implements AddressTransform {
  private final boolean skipPrivate;
  private final int ipv6Bits;
  private final int ipv4Mask;
  private final long ipv6HiMask;
  private final long ipv6LoMask;
  private final long sixToFourHiMask;
  private final long sixToFourLoMask;

  AddressMasker(int ipv4Bits, int ipv6Bits, boolean skipPrivate) {
    this.skipPrivate = skipPrivate;
    this.ipv6Bits = ipv6Bits;
    this.ipv4Mask = ipv4Bits == 0 ? 0 : (int) (0xFFFFFFFFL << (32 - ipv4Bits));
    this.ipv6HiMask = highMask(ipv6Bits);
    this.ipv6LoMask = lowMask(ipv6Bits);
    int sixToFourBits = Math.min(ipv6Bits, 16 + ipv4Bits);
    this.sixToFourHiMask = highMask(sixToFourBits);
    this.sixToFourLoMask = lowMask(sixToFourBits);
  }

  @Override
  public boolean transform(ParsedAddress a) {
    if (skipPrivate && PrivateRanges.isPrivate(a)) {
      return false;
    }
    if (!a.ipv6) {
      a.ipv4 &= ipv4Mask;
    } else if (a.isMappedIpv4()) {
      a.lo = 0xFFFF_0000_0000L | ((int) a.lo & ipv4Mask) & 0xFFFFFFFFL;
    } else if ((a.hi >>> 48) == 0x2002) {
      a.hi &= sixToFourHiMask;
      a.lo &= sixToFourLoMask;
    } else {
      a.hi &= ipv6HiMask;
      a.lo &= ipv6LoMask;
    }
    return true;
  }

  /**
   * Masks group {@code index} (0–7, from the left) of an IPv6 address that could not be parsed
   * whole, such as one cut short at the end of a damaged line.
   */
  int maskIpv6Group(int index, int value) {
    int kept = Math.max(0, Math.min(16, ipv6Bits - 16 * index));
    return kept == 0 ? 0 : value & (0xFFFF << (16 - kept)) & 0xFFFF;
  }

  @Override
  public boolean hashes() {
    return false;
  }

  private static long highMask(int bits) {
    if (bits >= 64) {
      return -1L;
    }
    return bits == 0 ? 0 : -1L << (64 - bits);
  }

  private static long lowMask(int bits) {
    if (bits <= 64) {
      return 0;
    }
    return bits == 128 ? -1L : -1L << (128 - bits);
  }
}
