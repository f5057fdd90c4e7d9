package dev.pledge.server.accesslog;

/**
 * Parses every textual IPv6 form of RFC 4291 section 2.2 — full, compressed with {@code ::}, and
 * mixed with a trailing dotted quad — straight from bytes. Zone ids, brackets and ports are the
 * caller's business. One instance per run: it keeps a scratch array instead of allocating.
 */
final class Ipv6Parser {
  /** The longest textual form: {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
  private static final int MAX_LENGTH = 45;

  private final int[] groups = new int[8];

  /** True when all of {@code [from, to)} is one IPv6 address; the value goes into {@code out}. */
  boolean parse(byte[] b, int from, int to, ParsedAddress out) {
    int length = to - from;
    if (length < 2 || length > MAX_LENGTH) {
      return false;
    }
    int i = from;
    int count = 0;
    int compressedAt = -1;
    if (b[i] == ':') {
      if (b[i + 1] != ':') {
        return false;
      }
      compressedAt = 0;
      i += 2;
      if (i == to) {
        out.setIpv6(0, 0);
        return true;
      }
    }
    while (true) {
      int groupStart = i;
      int value = 0;
      while (i < to && i - groupStart < 4) {
        int h = AddressChars.hexValue(b[i]);
        if (h < 0) {
          break;
        }
        value = (value << 4) | h;
        i++;
      }
      if (i < to && b[i] == '.') {
        // The last 32 bits written as a dotted quad (::ffff:1.2.3.4, 64:ff9b::1.2.3.4).
        long quad = Ipv4Parser.parseAt(b, groupStart, to);
        if (quad < 0 || (int) (quad >>> 32) != to || count > 6) {
          return false;
        }
        groups[count++] = (int) (quad >>> 16) & 0xFFFF;
        groups[count++] = (int) quad & 0xFFFF;
        break;
      }
      if (i == groupStart || count == 8) {
        return false;
      }
      groups[count++] = value;
      if (i == to) {
        break;
      }
      if (b[i] != ':') {
        return false;
      }
      i++;
      if (i == to) {
        return false;
      }
      if (b[i] == ':') {
        if (compressedAt >= 0) {
          return false;
        }
        compressedAt = count;
        i++;
        if (i == to) {
          break;
        }
      }
    }
    if (compressedAt < 0 ? count != 8 : count > 7) {
      return false;
    }
    long hi = 0;
    long lo = 0;
    int gap = 8 - count;
    for (int k = 0; k < 8; k++) {
      int g;
      if (compressedAt < 0 || k < compressedAt) {
        g = groups[k];
      } else if (k < compressedAt + gap) {
        g = 0;
      } else {
        g = groups[k - gap];
      }
      if (k < 4) {
        hi = (hi << 16) | g;
      } else {
        lo = (lo << 16) | g;
      }
    }
    out.setIpv6(hi, lo);
    return true;
  }
}
