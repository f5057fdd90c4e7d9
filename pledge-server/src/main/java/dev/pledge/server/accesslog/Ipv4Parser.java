package dev.pledge.server.accesslog;

/** Parses dotted-quad IPv4 addresses straight from bytes. */
final class Ipv4Parser {
  private Ipv4Parser() {}

  /**
   * Parses a dotted quad starting at {@code from}, without looking at what follows it.
   *
   * @return {@code (end << 32) | value} or -1 when no dotted quad starts there
   */
  static long parseAt(byte[] b, int from, int to) {
    int i = from;
    int value = 0;
    for (int group = 0; group < 4; group++) {
      if (group > 0) {
        if (i >= to || b[i] != '.') {
          return -1;
        }
        i++;
      }
      int start = i;
      int octet = 0;
      while (i < to && i - start < 3) {
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        octet = octet * 10 + d;
        i++;
      }
      if (i == start || octet > 255) {
        return -1;
      }
      // "1234.5.6.7" is a number followed by dots, not an address.
      if (i < to && AddressChars.isDigit(b[i])) {
        return -1;
      }
      value = (value << 8) | octet;
    }
    return ((long) i << 32) | (value & 0xFFFFFFFFL);
  }

  /** True when all of {@code [from, to)} is one dotted quad; the value goes into {@code out}. */
  static boolean parseExact(byte[] b, int from, int to, ParsedAddress out) {
    long parsed = parseAt(b, from, to);
    if (parsed < 0 || (int) (parsed >>> 32) != to) {
      return false;
    }
    out.setIpv4((int) parsed);
    return true;
  }
}
