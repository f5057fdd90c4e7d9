package dev.pledge.server.accesslog;

import java.io.IOException;

/**
 * Finds and masks every address-shaped text in a stretch of a line: the safety net behind the
 * field-aware parsing, and the only treatment a malformed line gets. It always masks, even under
 * {@code --hash}: a keyed pseudonym belongs in the client field, while an address met in a URL or a
 * user agent only needs to stop naming someone. An address already masked (such as the {@code
 * 120.0.0.0} in Chrome's user agent) is left exactly as written.
 *
 * <p>Every address has a dot or a colon, so only the bytes around those are looked at (found eight
 * at a time); the rest of the line is copied unread. Around each, it takes the run of bytes that
 * can form addresses ({@code [0-9A-Fa-f.:]}). A run with two or more colons is tried as IPv6; a run
 * with three or more dots is searched for dotted quads; other runs are left.
 *
 * <ul>
 *   <li>IPv4: four groups of one to three digits, each at most 255, not preceded or followed by
 *       another digit or dotted number ({@code 1.2.3.4.5} is a version, not an address). Letters
 *       around it do not matter: {@code ip1.2.3.4} is masked.
 *   <li>IPv6: the run, less a single leading colon or trailing colon or dot, must be a valid
 *       address and must not be glued to a word ({@code std::vector} stays). Brackets, ports and
 *       zone ids are outside the run and stay as written. A run that is not one valid address but
 *       could hide one (seven colons or more, or a {@code ::}) gives up its longest valid prefixes.
 *       IPv4-mapped addresses are masked as IPv4. Five or more hex groups that make no valid
 *       address (one cut short) are masked group by group.
 * </ul>
 */
final class AddressScanner {
  private final AddressMasker masker;
  private final RunCounters counters;
  private final Ipv6Parser ipv6 = new Ipv6Parser();
  private final ParsedAddress address = new ParsedAddress();
  private final ParsedAddress original = new ParsedAddress();

  /** How far the current stretch has been copied to the output. */
  private int copiedUpTo;

  AddressScanner(AddressMasker masker, RunCounters counters) {
    this.masker = masker;
    this.counters = counters;
  }

  /** Copies {@code [from, to)} to {@code out}, masking every address in it. */
  void scan(byte[] b, int from, int to, OutputBuffer out) throws IOException {
    copiedUpTo = from;
    int next = from; // bytes before this belong to runs already handled
    int at = from;
    // An address has a dot or a colon: find them eight bytes at a time and look only around them.
    for (; at + 8 <= to; at += 8) {
      long hits = ByteSearch.dotsAndColons(ByteSearch.word(b, at));
      while (hits != 0) {
        int p = at + ByteSearch.firstMarked(hits);
        hits &= hits - 1;
        if (p >= next && mayStartAddress(b, p, to)) {
          next = run(b, from, to, next, p, out);
        }
      }
    }
    for (int p = Math.max(at, next); p < to; p++) {
      if ((b[p] == '.' || b[p] == ':') && p >= next && mayStartAddress(b, p, to)) {
        next = run(b, from, to, next, p, out);
      }
    }
    out.write(b, copiedUpTo, to - copiedUpTo);
  }

  /**
   * A cheap look ahead before the run is taken apart: the first dot of a dotted quad has the next
   * dot two to four bytes on, the first colon of an IPv6 address the next colon one to five bytes
   * on. Most dots and colons in a line ({@code 5.0}, {@code https://}, {@code 537.36}) fail this
   * and cost nothing more. A dot or colon that fails it is not skipped for good: a later one in the
   * same run still takes in the whole run.
   */
  private static boolean mayStartAddress(byte[] b, int p, int to) {
    if (p + 5 >= to) {
      // Near the end of the stretch: too short to matter for speed, so no shortcut.
      return true;
    }
    if (b[p] == '.') {
      return b[p + 2] == '.' || b[p + 3] == '.' || b[p + 4] == '.';
    }
    return b[p + 1] == ':'
        || b[p + 2] == ':'
        || b[p + 3] == ':'
        || b[p + 4] == ':'
        || b[p + 5] == ':';
  }

  /** Handles the run of address bytes around {@code p}; returns where it ends. */
  private int run(byte[] b, int from, int to, int next, int p, OutputBuffer out)
      throws IOException {
    int runStart = p;
    while (runStart > next && (AddressChars.classOf(b[runStart - 1]) & AddressChars.ADDRESS) != 0) {
      runStart--;
    }
    int colons = 0;
    int dots = 0;
    int runEnd = p;
    while (runEnd < to) {
      int c = AddressChars.classOf(b[runEnd]);
      if ((c & AddressChars.ADDRESS) == 0) {
        break;
      }
      if (c == AddressChars.COLON) {
        colons++;
      } else if (c == AddressChars.DOT) {
        dots++;
      }
      runEnd++;
    }
    if (colons >= 2) {
      copiedUpTo = ipv6Run(b, from, to, runStart, runEnd, colons, dots, copiedUpTo, out);
    } else if (dots >= 3) {
      copiedUpTo = ipv4Run(b, runStart, runEnd, copiedUpTo, out);
    }
    return runEnd;
  }

  private int ipv6Run(
      byte[] b,
      int from,
      int to,
      int runStart,
      int runEnd,
      int colons,
      int dots,
      int copied,
      OutputBuffer out)
      throws IOException {
    int s = runStart;
    int e = runEnd;
    if (b[s] == ':' && b[s + 1] != ':') {
      s++;
    }
    while (e - s > 2 && (b[e - 1] == '.' || (b[e - 1] == ':' && b[e - 2] != ':'))) {
      e--;
    }
    boolean gluedToWord =
        (s == runStart && runStart > from && AddressChars.isWord(b[runStart - 1]))
            || (e == runEnd && runEnd < to && AddressChars.isWord(b[runEnd]));
    int consumed = runStart;
    // Without a "::" an address needs seven colons, or six before a dotted quad: a timestamp's
    // three colons are turned away here without parsing.
    if (!gluedToWord && (colons >= 6 || hasDoubleColon(b, s, e))) {
      if (ipv6.parse(b, s, e, address)) {
        return emit(b, s, e, copied, out);
      }
      // Not one address, but it may hide some: take the longest valid prefixes in turn.
      int p = s;
      while (p < e) {
        int end = longestIpv6Prefix(b, p, e);
        if (end < 0) {
          break;
        }
        copied = emit(b, p, end, copied, out);
        consumed = end;
        // Step over a single separating colon; a "::" may start the next address.
        p = end < e - 1 && b[end + 1] != ':' ? end + 1 : end;
      }
    }
    if (dots >= 3) {
      copied = ipv4Run(b, consumed, runEnd, copied, out);
    } else if (!gluedToWord
        && consumed == runStart
        && colons >= 3
        && !endsLikeTime(b, s, e, colons)) {
      copied = maskHexGroups(b, s, e, copied, out);
    }
    return copied;
  }

  /** A quick look for the {@code …:HH:MM:SS} that every access-log timestamp has. */
  private static boolean endsLikeTime(byte[] b, int s, int e, int colons) {
    return colons == 3 && e - s >= 10 && b[e - 3] == ':' && b[e - 6] == ':' && b[e - 9] == ':';
  }

  /**
   * A run of hex groups that is no valid address — typically an IPv6 address cut short by a damaged
   * line — still names a client by its leading groups, so every group past the mask is zeroed, and
   * every group after a {@code ::}, whose position is unknown. Five groups or more qualify; four
   * only when they are not shaped like a time ({@code 2023:13:55:36}: two decimal digits after the
   * first group), which is the one common thing they could be instead. A MAC address is masked too,
   * which it deserves.
   */
  private int maskHexGroups(byte[] b, int s, int e, int copied, OutputBuffer out)
      throws IOException {
    if (e - s > 64) {
      return copied; // longer runs always hold a valid prefix, found above
    }
    int groups = 0;
    int digits = 0;
    boolean timeShaped = true;
    for (int k = s; k <= e; k++) {
      if (k == e || b[k] == ':') {
        if (digits > 0) {
          groups++;
          timeShaped &= groups == 1 || digits == 2;
        }
        digits = 0;
      } else if (++digits > 4) {
        return copied;
      } else {
        timeShaped &= AddressChars.isDigit(b[k]);
      }
    }
    if (groups < 4 || (groups == 4 && timeShaped)) {
      return copied;
    }
    out.write(b, copied, s - copied);
    // A masked group is never longer than the group it replaces.
    byte[] buf = out.reserve(e - s);
    int pos = out.position();
    int index = 0;
    boolean afterDoubleColon = false;
    int k = s;
    while (k < e) {
      if (b[k] == ':') {
        afterDoubleColon |= k + 1 < e && b[k + 1] == ':';
        buf[pos++] = ':';
        k++;
        continue;
      }
      int value = 0;
      int groupStart = k;
      while (k < e && b[k] != ':') {
        value = (value << 4) | AddressChars.hexValue(b[k]);
        k++;
      }
      int masked = afterDoubleColon ? 0 : masker.maskIpv6Group(index++, value);
      if (masked == value) {
        System.arraycopy(b, groupStart, buf, pos, k - groupStart);
        pos += k - groupStart;
      } else {
        pos = AddressRenderer.writeHexGroup(buf, pos, masked);
      }
    }
    out.advanceTo(pos);
    counters.masked++;
    return e;
  }

  /**
   * The end of the longest valid IPv6 address that starts at {@code p} and ends at {@code e} or
   * before a colon. Only the first 45 bytes are tried, the longest an address can be, so a long run
   * costs no more than a short one.
   */
  private int longestIpv6Prefix(byte[] b, int p, int e) {
    if (ipv6.parse(b, p, e, address)) {
      return e;
    }
    for (int end = Math.min(e - 1, p + 45); end > p + 1; end--) {
      if (b[end] == ':' && ipv6.parse(b, p, end, address)) {
        return end;
      }
    }
    return -1;
  }

  private static boolean hasDoubleColon(byte[] b, int s, int e) {
    for (int k = s + 1; k < e; k++) {
      if (b[k] == ':' && b[k - 1] == ':') {
        return true;
      }
    }
    return false;
  }

  private int ipv4Run(byte[] b, int runStart, int runEnd, int copied, OutputBuffer out)
      throws IOException {
    int j = runStart;
    while (j < runEnd - 6) {
      if (AddressChars.isDigit(b[j]) && startsNumber(b, runStart, j)) {
        long parsed = Ipv4Parser.parseAt(b, j, runEnd);
        if (parsed >= 0) {
          int end = (int) (parsed >>> 32);
          if (end == runEnd
              || b[end] != '.'
              || end + 1 == runEnd
              || !AddressChars.isDigit(b[end + 1])) {
            address.setIpv4((int) parsed);
            copied = emit(b, j, end, copied, out);
            j = end;
            continue;
          }
        }
      }
      j++;
    }
    return copied;
  }

  /** True when a number starts at {@code j}: not inside another number or a dotted version. */
  private static boolean startsNumber(byte[] b, int runStart, int j) {
    if (j == runStart) {
      return true;
    }
    byte before = b[j - 1];
    if (AddressChars.isDigit(before)) {
      return false;
    }
    return !(before == '.' && j - 2 >= runStart && AddressChars.isDigit(b[j - 2]));
  }

  /** Masks the address parsed from {@code [s, e)}; returns how far the line has been copied. */
  private int emit(byte[] b, int s, int e, int copied, OutputBuffer out) throws IOException {
    original.copyFrom(address);
    if (!masker.transform(address) || address.sameAs(original)) {
      return copied;
    }
    out.write(b, copied, s - copied);
    AddressRenderer.write(address, out);
    counters.masked++;
    return e;
  }
}
