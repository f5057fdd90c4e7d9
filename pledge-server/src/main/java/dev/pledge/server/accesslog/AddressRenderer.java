package dev.pledge.server.accesslog;

import java.io.IOException;

/**
 * Writes addresses as text: IPv4 as a dotted quad, IPv6 in the canonical form of RFC 5952 (lower
 * case, no leading zeros, the longest run of zero groups as {@code ::}), IPv4-mapped IPv6 as {@code
 * ::ffff:a.b.c.d} so that log tools still recognise an IPv4 client.
 */
final class AddressRenderer {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private AddressRenderer() {}

  static void write(ParsedAddress a, OutputBuffer out) throws IOException {
    byte[] buf = out.reserve(OutputBuffer.ADDRESS_ROOM);
    int pos = out.position();
    pos = a.ipv6 ? writeIpv6(buf, pos, a.hi, a.lo) : writeIpv4(buf, pos, a.ipv4);
    out.advanceTo(pos);
  }

  static int writeIpv4(byte[] buf, int pos, int value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      int octet = (value >>> shift) & 0xFF;
      if (octet >= 100) {
        buf[pos++] = (byte) ('0' + octet / 100);
        buf[pos++] = (byte) ('0' + octet / 10 % 10);
      } else if (octet >= 10) {
        buf[pos++] = (byte) ('0' + octet / 10);
      }
      buf[pos++] = (byte) ('0' + octet % 10);
      if (shift > 0) {
        buf[pos++] = '.';
      }
    }
    return pos;
  }

  static int writeIpv6(byte[] buf, int pos, long hi, long lo) {
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
      for (byte c : MAPPED_PREFIX) {
        buf[pos++] = c;
      }
      return writeIpv4(buf, pos, (int) lo);
    }
    // Longest run of two or more zero groups; the first one wins a tie (RFC 5952 4.2.3).
    int bestStart = -1;
    int bestLength = 1;
    int runStart = -1;
    for (int k = 0; k < 8; k++) {
      if (group(hi, lo, k) == 0) {
        if (runStart < 0) {
          runStart = k;
        }
        int length = k - runStart + 1;
        if (length > bestLength) {
          bestStart = runStart;
          bestLength = length;
        }
      } else {
        runStart = -1;
      }
    }
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        buf[pos++] = ':';
        buf[pos++] = ':';
        k += bestLength - 1;
        continue;
      }
      if (k > 0 && k != bestStart + bestLength) {
        buf[pos++] = ':';
      }
      pos = writeHexGroup(buf, pos, group(hi, lo, k));
    }
    return pos;
  }

  private static final byte[] MAPPED_PREFIX = {':', ':', 'f', 'f', 'f', 'f', ':'};

  private static int group(long hi, long lo, int k) {
    long half = k < 4 ? hi : lo;
    return (int) (half >>> (48 - 16 * (k & 3))) & 0xFFFF;
  }

  static int writeHexGroup(byte[] buf, int pos, int g) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int nibble = (g >>> shift) & 0xF;
      if (nibble != 0 || started || shift == 0) {
        buf[pos++] = HEX[nibble];
        started = true;
      }
    }
    return pos;
  }
}
