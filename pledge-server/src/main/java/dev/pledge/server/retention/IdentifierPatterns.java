package dev.pledge.server.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a raw network address or e-mail address looks like, for scanning stores the policy declares
 * anonymised. Masked addresses — an IPv4 address ending in {@code .0}, an IPv6 prefix ending in
 * {@code ::} — do not match: they are what anonymisation leaves.
 */
public final class IdentifierPatterns {

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final String LAST_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]?)";

  /** A full IPv4 address whose last octet is not zero (so not a /24 mask). */
  public static final String IPV4 = "(^|[^0-9.])(" + OCTET + "\\.){3}" + LAST_OCTET + "($|[^0-9.])";

  /** An IPv6 address with at least five groups written out (a /48 mask writes three). */
  public static final String IPV6 =
      "(^|[^0-9A-Fa-f:])([0-9A-Fa-f]{1,4}:){4,7}[0-9A-Fa-f]{1,4}($|[^0-9A-Fa-f:])";

  /** An e-mail address. */
  public static final String EMAIL =
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}";

  private static final Pattern IPV4_PATTERN = Pattern.compile(IPV4);
  private static final Pattern IPV6_PATTERN = Pattern.compile(IPV6);
  private static final Pattern EMAIL_PATTERN = Pattern.compile(EMAIL);

  private IdentifierPatterns() {}

  /**
   * The kinds of identifier found in {@code text}: "IPv4 address", "IPv6 address", "e-mail
   * address".
   */
  public static List<String> kindsIn(String text) {
    List<String> kinds = new ArrayList<>(3);
    if (IPV4_PATTERN.matcher(text).find()) {
      kinds.add("IPv4 address");
    }
    if (IPV6_PATTERN.matcher(text).find()) {
      kinds.add("IPv6 address");
    }
    if (EMAIL_PATTERN.matcher(text).find()) {
      kinds.add("e-mail address");
    }
    return kinds;
  }
}
