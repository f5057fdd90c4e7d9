package dev.pledge.server.accesslog;

/**
 * Turns what an operator pastes from a server configuration into the bare format template: a whole
 * {@code LogFormat "…" nickname} line, a whole {@code log_format name '…' '…';} block (nginx joins
 * adjacent strings), a single quoted string, or the bare template itself.
 */
final class ConfigText {
  private ConfigText() {}

  static String unquote(String text) {
    String t = text.strip();
    if (startsWithWord(t, "LogFormat")) {
      t = t.substring("LogFormat".length()).strip();
      String first = quotedStrings(t, Join.FIRST_ONLY);
      return first == null ? t : first;
    }
    boolean nginxBlock = startsWithWord(t, "log_format");
    if (nginxBlock) {
      t = t.substring("log_format".length()).strip();
      // Skip the format's name and an optional escape=… parameter.
      while (!t.isEmpty() && !isQuote(t.charAt(0)) && !t.startsWith("$") && !t.startsWith("%")) {
        int space = indexOfBlank(t);
        t = space < 0 ? "" : t.substring(space).strip();
      }
      if (t.endsWith(";")) {
        t = t.substring(0, t.length() - 1).strip();
      }
    }
    // Outside a log_format block only single-quoted pieces are joined: a bare Apache template such
    // as "%r" "%h" is itself made of double-quoted fields and must stay as it is.
    String joined = quotedStrings(t, nginxBlock ? Join.ALL : Join.ONE_OR_SINGLE_QUOTED);
    return joined == null ? t : joined;
  }

  private enum Join {
    FIRST_ONLY,
    ALL,
    ONE_OR_SINGLE_QUOTED
  }

  /**
   * Joins the quoted strings that make up {@code t}; a backslash before the enclosing quote stands
   * for the quote, other escapes are left for the format parser.
   *
   * @return null when {@code t} is not made of quoted strings as {@code join} asks
   */
  private static String quotedStrings(String t, Join join) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int pieces = 0;
    boolean doubleQuoted = false;
    while (i < t.length()) {
      char q = t.charAt(i);
      if (!isQuote(q)) {
        return null;
      }
      doubleQuoted |= q == '"';
      int j = i + 1;
      boolean closed = false;
      while (j < t.length()) {
        char c = t.charAt(j);
        if (c == '\\' && j + 1 < t.length()) {
          char next = t.charAt(j + 1);
          if (next == q) {
            out.append(q);
          } else {
            out.append(c).append(next);
          }
          j += 2;
          continue;
        }
        if (c == q) {
          closed = true;
          break;
        }
        out.append(c);
        j++;
      }
      if (!closed) {
        return null;
      }
      pieces++;
      i = j + 1;
      if (join == Join.FIRST_ONLY) {
        return out.toString();
      }
      while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
        i++;
      }
    }
    if (pieces == 0 || (join == Join.ONE_OR_SINGLE_QUOTED && pieces > 1 && doubleQuoted)) {
      return null;
    }
    return out.toString();
  }

  private static boolean startsWithWord(String t, String word) {
    return t.startsWith(word)
        && t.length() > word.length()
        && Character.isWhitespace(t.charAt(word.length()));
  }

  private static int indexOfBlank(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (Character.isWhitespace(t.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }
}
