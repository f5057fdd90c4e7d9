package dev.pledge.server.accesslog;

import java.io.IOException;

/**
 * Anonymises one line: the address fields the format names are rewritten (masked or hashed), and
 * every stretch between them is scanned for address-shaped text, which is masked. A line that does
 * not fit the format is scanned whole — or left out under {@code --strict}. Either way no address
 * leaves in full.
 *
 * <p>The newline is copied as it came: LF stays LF, CRLF stays CRLF, a last line without a newline
 * is written without one. The CR of a CRLF is not part of the line for parsing.
 */
final class LineAnonymiser {
  private final FieldLocator locator;
  private final AddressFieldRewriter fields;
  private final AddressScanner scanner;
  private final RunCounters counters;
  private final boolean strict;
  private final int[] bounds;
  private boolean droppingOversizedLine;

  LineAnonymiser(
      FieldLocator locator,
      AddressFieldRewriter fields,
      AddressScanner scanner,
      RunCounters counters,
      boolean strict) {
    this.locator = locator;
    this.fields = fields;
    this.scanner = scanner;
    this.counters = counters;
    this.strict = strict;
    this.bounds = new int[2 * Math.max(1, locator.maxAddressFields())];
  }

  void process(LineReader reader, OutputBuffer out) throws IOException {
    byte[] b = reader.buffer();
    int from = reader.lineStart();
    int end = reader.lineEnd();
    int terminatorEnd = reader.terminatorEnd();
    if (!reader.startsLine() || !reader.endsLine()) {
      oversizedSegment(reader, b, from, end, terminatorEnd, out);
      return;
    }
    counters.lines++;
    int contentEnd = end > from && b[end - 1] == '\r' ? end - 1 : end;
    int found = locator.locate(b, from, contentEnd, bounds);
    if (found < 0) {
      counters.malformed++;
      if (strict) {
        counters.dropped++;
        return;
      }
      scanner.scan(b, from, contentEnd, out);
    } else {
      int p = from;
      for (int k = 0; k < found; k++) {
        scanner.scan(b, p, bounds[2 * k], out);
        fields.rewrite(b, bounds[2 * k], bounds[2 * k + 1], out);
        p = bounds[2 * k + 1];
      }
      scanner.scan(b, p, contentEnd, out);
    }
    out.write(b, contentEnd, terminatorEnd - contentEnd);
  }

  /** A line too long to hold: it cannot be parsed, so it is scanned piece by piece. */
  private void oversizedSegment(
      LineReader reader, byte[] b, int from, int end, int terminatorEnd, OutputBuffer out)
      throws IOException {
    if (reader.startsLine()) {
      counters.lines++;
      counters.malformed++;
      droppingOversizedLine = strict;
      if (strict) {
        counters.dropped++;
      }
    }
    if (!droppingOversizedLine) {
      scanner.scan(b, from, end, out);
      out.write(b, end, terminatorEnd - end);
    }
  }
}
