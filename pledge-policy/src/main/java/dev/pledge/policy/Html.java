package dev.pledge.policy;

/**
 * HTML escaping. Every value from a policy file passes through here: the file is input, and a
 * {@code <script>} in a category title must show as text on the published page, never run.
 */
final class Html {

  private Html() {}

  /** Escapes text for element content and for double- or single-quoted attribute values. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
