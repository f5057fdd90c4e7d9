package dev.pledge.server.shared;

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
 * Replaces whatever in a URL or a header looks like an e-mail address, a token or a long identifier
 * with a placeholder ({@code :email}, {@code :token}, {@code :id}, {@code :phone}). The one rule
 * for every place that keeps addresses people visited: the analytics store (A-05) and the server's
 * own access log (A-02, A-08), so that a link such as {@code /unsubscribe?email=ann@example.com} or
 * a single-use link's token never reaches storage through either.
 */
public final class IdentifierScrubber {

  private static final Pattern EMAIL =
      Pattern.compile("[\\p{L}0-9._%+\\-]+@[\\p{L}0-9.\\-]+\\.[\\p{L}]{2,}");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{16,}");
  private static final Pattern LONG_NUMBER = Pattern.compile("\\d{6,}");
  private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_\\-.=~+]{20,}");
  private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ()\\-]{8,}\\d");
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern QUERY_TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_\\-.=~+/]{16,}");

  /** Percent-decoding rounds before a value is judged: a doubly encoded address is still one. */
  private static final int DECODE_ROUNDS = 3;

  private IdentifierScrubber() {}

  /**
   * Replaces e-mail addresses, UUIDs, phone numbers, hex tokens, long numbers and opaque tokens. A
   * date ({@code 2025-01-31}) has a phone number's digits and dashes but is kept.
   */
  public static String text(String text) {
    String s = EMAIL.matcher(text).replaceAll(":email");
    s = UUID.matcher(s).replaceAll(":id");
    // Hex before the digit rules: a token's digit runs must not cut it into pieces.
    s = HEX.matcher(s).replaceAll(":token");
    s =
        PHONE
            .matcher(s)
            .replaceAll(
                m ->
                    ISO_DATE.matcher(m.group()).matches()
                        ? Matcher.quoteReplacement(m.group())
                        : ":phone");
    s = LONG_NUMBER.matcher(s).replaceAll(":id");
    s =
        TOKEN_CHARS
            .matcher(s)
            .replaceAll(
                m -> looksLikeToken(m.group()) ? ":token" : Matcher.quoteReplacement(m.group()));
    return s;
  }

  /**
   * {@link #text} for a query-string value, where links carry their secrets: there a run of 16 or
   * more token characters mixing letters with digits or upper with lower case is a token too (a
   * random base64 token need not contain a digit), while words and dates stay readable.
   */
  public static String queryValue(String value) {
    return QUERY_TOKEN_CHARS
        .matcher(text(value))
        .replaceAll(
            m -> looksLikeQueryToken(m.group()) ? ":token" : Matcher.quoteReplacement(m.group()));
  }

  /** {@link #text} applied to each segment of a decoded path, so that {@code /} stays a divider. */
  public static String path(String path) {
    String result =
        Arrays.stream(path.split("/", -1))
            .map(IdentifierScrubber::text)
            .collect(Collectors.joining("/"));
    return result.startsWith("/") ? result : "/" + result;
  }

  /**
   * A request target as it arrived — path and query, percent-encoded — with each path segment,
   * query name and query value judged in decoded form: a part holding nothing personal is kept byte
   * for byte, a part with something replaced is written back percent-encoded. What a log shows is
   * therefore still a valid request target, and never an address or a token.
   */
  public static String requestTarget(String target) {
    if (target == null || target.isEmpty()) {
      return target;
    }
    int hash = target.indexOf('#');
    String fragment = hash < 0 ? null : target.substring(hash + 1);
    String rest = hash < 0 ? target : target.substring(0, hash);
    int question = rest.indexOf('?');
    String rawPath = question < 0 ? rest : rest.substring(0, question);
    String rawQuery = question < 0 ? null : rest.substring(question + 1);
    StringBuilder out = new StringBuilder(target.length());
    int from = 0;
    while (true) {
      int slash = rawPath.indexOf('/', from);
      String segment = slash < 0 ? rawPath.substring(from) : rawPath.substring(from, slash);
      out.append(scrubEncoded(segment, false));
      if (slash < 0) {
        break;
      }
      out.append('/');
      from = slash + 1;
    }
    if (rawQuery != null) {
      out.append('?').append(query(rawQuery));
    }
    if (fragment != null) {
      out.append('#').append(query(fragment)); // often a query too: #t=…&x=…
    }
    return out.toString();
  }

  /**
   * A URL such as a {@code Referer}: scheme, host and port kept, any user name and password in it
   * dropped, its path, query and fragment scrubbed as {@link #requestTarget}. Anything that is not
   * an absolute URL is scrubbed as a query value, the strictest rule.
   */
  public static String url(String url) {
    if (url == null || url.isEmpty() || url.equals("-")) {
      return url;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme != null && uri.getRawAuthority() != null && uri.getHost() != null) {
        String origin =
            scheme.toLowerCase(Locale.ROOT)
                + "://"
                + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        int authorityEnd = url.indexOf(uri.getRawAuthority()) + uri.getRawAuthority().length();
        return origin + requestTarget(url.substring(authorityEnd));
      }
    } catch (URISyntaxException e) {
      // not a URL: judged as text below
    }
    return queryValue(url);
  }

  /** Percent-decodes, treating {@code +} as itself; a malformed escape is kept as text. */
  public static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  private static String query(String rawQuery) {
    StringBuilder out = new StringBuilder(rawQuery.length());
    int from = 0;
    while (true) {
      int amp = rawQuery.indexOf('&', from);
      String pair = amp < 0 ? rawQuery.substring(from) : rawQuery.substring(from, amp);
      int eq = pair.indexOf('=');
      if (eq < 0) {
        out.append(scrubEncoded(pair, true));
      } else {
        out.append(scrubEncoded(pair.substring(0, eq), true))
            .append('=')
            .append(scrubEncoded(pair.substring(eq + 1), true));
      }
      if (amp < 0) {
        break;
      }
      out.append('&');
      from = amp + 1;
    }
    return out.toString();
  }

  /**
   * One encoded part: kept as it came when nothing in it is personal, else scrubbed and encoded.
   */
  private static String scrubEncoded(String raw, boolean strict) {
    String decoded = raw;
    for (int i = 0; i < DECODE_ROUNDS; i++) {
      String next = decode(decoded);
      if (next.equals(decoded)) {
        break;
      }
      decoded = next;
    }
    String scrubbed = strict ? queryValue(decoded) : text(decoded);
    if (scrubbed.equals(decoded)) {
      return raw;
    }
    return encode(scrubbed);
  }

  /** Percent-encodes all but the characters a path segment or query value may hold as they are. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~:!$'()*,;@".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** A long run with both letters and digits is an opaque token. */
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

  private static boolean looksLikeQueryToken(String run) {
    boolean digit = false;
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      digit |= c >= '0' && c <= '9';
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    return (digit && (upper || lower)) || (upper && lower);
  }
}
