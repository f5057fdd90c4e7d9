package dev.pledge.server.analytics;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reduces a page URL to its path plus utm_* tags, and replaces anything in them that looks like an
 * e-mail address, a token or a long identifier with a placeholder (A-05): a URL such as {@code
 * /unsubscribe?email=ann@example.com} or {@code /reset/8f14e45fceea167a5a36dedd4bea2543} must not
 * put a person into the analytics store.
 */
final class UrlScrubber {

  static final int MAX_PATH = 512;
  private static final int MAX_TAG = 100;

  private static final Pattern EMAIL =
      Pattern.compile("[\\p{L}0-9._%+\\-]+@[\\p{L}0-9.\\-]+\\.[\\p{L}]{2,}");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{16,}");
  private static final Pattern LONG_NUMBER = Pattern.compile("\\d{6,}");
  private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_\\-.=~+]{20,}");
  private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ()\\-]{8,}\\d");

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

  /** Replaces personal-looking parts of each path segment. */
  static String scrubPath(String path) {
    String result =
        Arrays.stream(path.split("/", -1))
            .map(UrlScrubber::scrubText)
            .collect(Collectors.joining("/"));
    if (!result.startsWith("/")) {
      result = "/" + result;
    }
    return result.length() > MAX_PATH ? result.substring(0, MAX_PATH) : result;
  }

  /** Replaces e-mail addresses, UUIDs, hex tokens, long numbers and opaque tokens. */
  static String scrubText(String text) {
    String s = EMAIL.matcher(text).replaceAll(":email");
    s = UUID.matcher(s).replaceAll(":id");
    s = PHONE.matcher(s).replaceAll(":phone");
    s = HEX.matcher(s).replaceAll(":token");
    s = LONG_NUMBER.matcher(s).replaceAll(":id");
    s =
        TOKEN_CHARS
            .matcher(s)
            .replaceAll(
                m -> looksLikeToken(m.group()) ? ":token" : Matcher.quoteReplacement(m.group()));
    return s;
  }

  /** A long run with both letters and digits, or mixed case with digits, is an opaque token. */
  private static boolean looksLikeToken(String run) {
    boolean digit = false;
    boolean letter = false;
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      digit |= Character.isDigit(c);
      letter |= Character.isLetter(c);
    }
    return digit && letter;
  }

  private static String scrubTag(String value) {
    String s = scrubText(value.trim());
    return s.isEmpty() ? null : s.length() > MAX_TAG ? s.substring(0, MAX_TAG) : s;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // a malformed escape is kept as text and scrubbed like any other
    }
  }
}
