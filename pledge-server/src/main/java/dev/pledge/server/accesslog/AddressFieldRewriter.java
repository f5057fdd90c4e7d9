package dev.pledge.server.accesslog;

import java.io.IOException;

/**
 * Rewrites a field that is meant to hold client addresses ({@code %h}, {@code $remote_addr}, an
 * X-Forwarded-For header, a {@code --column}). It accepts every shape servers write there:
 *
 * <ul>
 *   <li>{@code 1.2.3.4}, {@code 1.2.3.4:5678}
 *   <li>{@code 2001:db8::1}, full and mixed forms, {@code fe80::1%eth0}, {@code [2001:db8::1]},
 *       {@code [2001:db8::1]:443}
 *   <li>comma-separated lists, as proxies build them ({@code 1.2.3.4, 5.6.7.8})
 *   <li>a field wrapped in double quotes
 * </ul>
 *
 * Only the address itself changes; brackets, ports, zone ids, separators and spacing stay byte for
 * byte. {@code -} and an empty element mean "no address" and stay. Anything else that is not an
 * address — a reverse-DNS host name, {@code unknown} — is written as the replacement string: a host
 * name names a client as surely as its address does.
 */
final class AddressFieldRewriter {
  private final AddressTransform transform;
  private final byte[] replacement;
  private final RunCounters counters;
  private final Ipv6Parser ipv6 = new Ipv6Parser();
  private final ParsedAddress address = new ParsedAddress();

  AddressFieldRewriter(AddressTransform transform, byte[] replacement, RunCounters counters) {
    this.transform = transform;
    this.replacement = replacement;
    this.counters = counters;
  }

  void rewrite(byte[] b, int from, int to, OutputBuffer out) throws IOException {
    if (to - from >= 2 && b[from] == '"' && b[to - 1] == '"') {
      out.write((byte) '"');
      rewrite(b, from + 1, to - 1, out);
      out.write((byte) '"');
      return;
    }
    int p = from;
    while (true) {
      int comma = AddressChars.indexOf(b, (byte) ',', p, to);
      int end = comma < 0 ? to : comma;
      int s = p;
      int e = end;
      while (s < e && isBlank(b[s])) {
        s++;
      }
      while (e > s && isBlank(b[e - 1])) {
        e--;
      }
      out.write(b, p, s - p);
      rewriteElement(b, s, e, out);
      out.write(b, e, end - e);
      if (comma < 0) {
        return;
      }
      out.write((byte) ',');
      p = comma + 1;
    }
  }

  private void rewriteElement(byte[] b, int s, int e, OutputBuffer out) throws IOException {
    if (s == e || (e - s == 1 && b[s] == '-')) {
      out.write(b, s, e - s);
      return;
    }
    if (!rewriteAddress(b, s, e, out)) {
      out.write(replacement);
      counters.replaced++;
    }
  }

  /** Writes the element with its address anonymised; false (and nothing written) if it has none. */
  private boolean rewriteAddress(byte[] b, int s, int e, OutputBuffer out) throws IOException {
    if (b[s] == '[') {
      int close = AddressChars.indexOf(b, (byte) ']', s + 1, e);
      if (close < 0 || !isPortOrNothing(b, close + 1, e)) {
        return false;
      }
      int zone = AddressChars.indexOf(b, (byte) '%', s + 1, close);
      int addressEnd = zone < 0 ? close : zone;
      if (!ipv6.parse(b, s + 1, addressEnd, address)
          && !Ipv4Parser.parseExact(b, s + 1, addressEnd, address)) {
        return false;
      }
      out.write(b, s, 1);
      emit(b, s + 1, addressEnd, out);
      out.write(b, addressEnd, e - addressEnd);
      return true;
    }
    // One look at the element tells its shape: colons (none: IPv4, one: IPv4 and port, more:
    // IPv6) and where a zone id starts.
    int firstColon = -1;
    int colons = 0;
    int zone = -1;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == ':') {
        if (colons++ == 0) {
          firstColon = i;
        }
      } else if (c == '%' && zone < 0) {
        zone = i;
      }
    }
    if (colons == 0) {
      if (!Ipv4Parser.parseExact(b, s, e, address)) {
        return false;
      }
      emit(b, s, e, out);
      return true;
    }
    if (colons == 1) {
      if (!Ipv4Parser.parseExact(b, s, firstColon, address) || !isPortOrNothing(b, firstColon, e)) {
        return false;
      }
      emit(b, s, firstColon, out);
      out.write(b, firstColon, e - firstColon);
      return true;
    }
    int addressEnd = zone < 0 ? e : zone;
    if (!ipv6.parse(b, s, addressEnd, address)) {
      return false;
    }
    emit(b, s, addressEnd, out);
    out.write(b, addressEnd, e - addressEnd);
    return true;
  }

  private void emit(byte[] b, int s, int e, OutputBuffer out) throws IOException {
    if (!transform.transform(address)) {
      out.write(b, s, e - s);
      return;
    }
    AddressRenderer.write(address, out);
    if (transform.hashes()) {
      counters.hashed++;
    } else {
      counters.masked++;
    }
  }

  /** {@code [from, to)} is empty or {@code :} followed by digits. */
  private static boolean isPortOrNothing(byte[] b, int from, int to) {
    if (from == to) {
      return true;
    }
    if (b[from] != ':' || to - from < 2) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      if (!AddressChars.isDigit(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }
}
