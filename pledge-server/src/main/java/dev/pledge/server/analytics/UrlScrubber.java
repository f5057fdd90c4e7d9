package dev.pledge.server.analytics;

import dev.pledge.server.shared.IdentifierScrubber;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reduces a page URL to its path plus utm_* tags, and replaces anything in them that looks like an
 * e-mail address, a token or a long identifier with a placeholder (A-05): a URL such as {@code
 * /unsubscribe?email=ann@example.com} or {@code /reset/8f14e45fceea167a5a36dedd4bea2543} must not
 * put a person into the analytics store.
 */
final class UrlScrubber {

  static final int MAX_PATH = 512;
  private static final int MAX_TAG = 100;

  private UrlScrubber() {}

  /**
   * @param url the absolute page URL the tracker sent
   * @param hashMode true when the site routes by fragment: the fragment is part of the page
   * @param pathPrefix a local path prefix such as {@code /p/reference-site} to remove, or null
   * @return the scrubbed URL, or null when {@code url} is not an absolute http(s) URL
   */
  static ScrubbedUrl scrub(String url, boolean hashMode, String pathPrefix) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      return null;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    path = decode(path);
    if (pathPrefix != null && (path.equals(pathPrefix) || path.startsWith(pathPrefix + "/"))) {
      path = path.substring(pathPrefix.length());
      if (path.isEmpty()) {
        path = "/";
      }
    }
    if (hashMode && uri.getRawFragment() != null) {
      path = path + "#" + decode(uri.getRawFragment());
    }
    path = scrubPath(path);
    String[] tags = new String[5];
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String key = decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT);
        int index =
            switch (key) {
              case "utm_source" -> 0;
              case "utm_medium" -> 1;
              case "utm_campaign" -> 2;
              case "utm_content" -> 3;
              case "utm_term" -> 4;
              default -> -1;
            };
        if (index >= 0) {
          tags[index] = scrubTag(decode(pair.substring(eq + 1)));
        }
      }
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return new ScrubbedUrl(host, path, tags[0], tags[1], tags[2], tags[3], tags[4]);
  }

  /** Replaces personal-looking parts of each path segment ({@link IdentifierScrubber}). */
  static String scrubPath(String path) {
    String result = IdentifierScrubber.path(path);
    return result.length() > MAX_PATH ? result.substring(0, MAX_PATH) : result;
  }

  private static String scrubTag(String value) {
    String s = IdentifierScrubber.text(value.trim());
    return s.isEmpty() ? null : s.length() > MAX_TAG ? s.substring(0, MAX_TAG) : s;
  }

  private static String decode(String raw) {
    return IdentifierScrubber.decode(raw);
  }
}
