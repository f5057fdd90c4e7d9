package dev.pledge.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown (CommonMark with GitHub tables) escaping. Policy text is input: a {@code <script>} in a
 * title must stay text when the Markdown is turned into HTML, a {@code |} must not split a table
 * cell, and a list item starting with "1." must not become a nested list.
 */
final class Markdown {

  /** Punctuation that means something inline; CommonMark lets any of it be backslash-escaped. */
  private static final String SPECIAL = "\\`*_[]<>|&~#";

  /** What would open a list or a heading underline at the start of a line. */
  private static final Pattern BLOCK_START = Pattern.compile("^(\\d+)([.)])|^([-+=])");

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private Markdown() {}

  /**
   * Escapes text for a paragraph, list item, heading or table cell. Line breaks become spaces:
   * policy files fold long text over lines, and a break inside a table cell would end the table.
   */
  static String text(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    String oneLine = WHITESPACE.matcher(s).replaceAll(" ");
    StringBuilder out = new StringBuilder(oneLine.length() + 8);
    for (int i = 0; i < oneLine.length(); i++) {
      char c = oneLine.charAt(i);
      if (SPECIAL.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * Escapes what would open a list or underline a heading when it starts a line, for already
   * escaped text that starts a paragraph or a list item. Elsewhere ("+1 555" in a link, "-" in a
   * table cell) these characters mean nothing and stay as they are.
   */
  static String lineStart(String escaped) {
    Matcher start = BLOCK_START.matcher(escaped);
    if (!start.find()) {
      return escaped;
    }
    String marker =
        start.group(1) != null ? start.group(1) + "\\" + start.group(2) : "\\" + start.group(3);
    return marker + escaped.substring(start.end());
  }

  /**
   * A link destination. Characters that would end or break the destination are percent-encoded; the
   * addresses come from the policy and have passed {@link PolicyContent#link}.
   */
  static String destination(String href) {
    StringBuilder out = new StringBuilder(href.length());
    for (int i = 0; i < href.length(); i++) {
      char c = href.charAt(i);
      switch (c) {
        case ' ' -> out.append("%20");
        case '(' -> out.append("%28");
        case ')' -> out.append("%29");
        case '<' -> out.append("%3C");
        case '>' -> out.append("%3E");
        case '\\' -> out.append("%5C");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
