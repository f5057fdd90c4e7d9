package dev.pledge.server.console;

import java.util.List;

/**
 * CSV as RFC 4180 describes it (comma-separated, CRLF line ends, quotes doubled), made safe to open
 * in a spreadsheet: page paths, referrer names and campaign tags come from the public internet, so
 * a text cell that starts like a formula ({@code = + - @}, or a tab or carriage return) gets a
 * leading apostrophe and is shown as text instead of being evaluated.
 */
final class CsvExport {

  private final StringBuilder out = new StringBuilder();

  /** Appends one line; numbers are written as they are, text is neutralised and quoted. */
  CsvExport row(List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object cell = cells.get(i);
      out.append(
          cell instanceof Number ? cell.toString() : text(cell == null ? "" : cell.toString()));
    }
    out.append("\r\n");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** One text cell, neutralised against formula injection and quoted when it has to be. */
  static String text(String value) {
    String safe = startsLikeFormula(value) ? "'" + value : value;
    boolean quote =
        safe.indexOf(',') >= 0
            || safe.indexOf('"') >= 0
            || safe.indexOf('\n') >= 0
            || safe.indexOf('\r') >= 0;
    return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
  }

  private static boolean startsLikeFormula(String value) {
    if (value.isEmpty()) {
      return false;
    }
    char first = value.charAt(0);
    return first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r';
  }
}
