package dev.pledge.server.studio;

/** Paths a person's request may send the browser to after it: only the studio's own. */
public final class StudioPaths {

  private static final int MAX = 2_000;

  private StudioPaths() {}

  /**
   * {@code path} when it is a path of the studio (starts with one {@code /}, no scheme, no host, no
   * backslash, no line break), else {@code /}: a "back" or "next" parameter can never send anyone
   * to another site.
   */
  public static String local(String path) {
    if (path == null
        || path.isEmpty()
        || path.length() > MAX
        || path.charAt(0) != '/'
        || path.startsWith("//")
        || path.indexOf('\\') >= 0
        || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "/";
    }
    return path;
  }
}
