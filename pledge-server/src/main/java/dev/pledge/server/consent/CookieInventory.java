package dev.pledge.server.consent;

import dev.pledge.policy.Cookie;
import dev.pledge.policy.CookieCategory;
import dev.pledge.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * A property's cookies as its policy declares them (the {@code cookies:} and {@code
 * cookie-categories:} sections): what the banner offers, what the cookie audit compares against,
 * and the consent revision — a number that changes exactly when consent-relevant content changes (a
 * category, whether it needs consent, a cookie, its category, lifetime or party), so the banner
 * asks again then and not after a rewording.
 */
public record CookieInventory(List<CookieCategory> categories, List<Cookie> cookies) {

  public CookieInventory {
    categories = List.copyOf(categories);
    cookies = List.copyOf(cookies);
  }

  public static CookieInventory of(Policy policy) {
    return new CookieInventory(policy.cookieCategories(), policy.cookies());
  }

  /** The declared cookie of that name, if any. */
  public Optional<Cookie> cookie(String name) {
    return cookies.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** True when cookies of category {@code id} need consent; unknown categories do. */
  public boolean needsConsent(String id) {
    return categories.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .map(CookieCategory::consentRequired)
        .orElse(true);
  }

  /** The ids of the categories that need consent, in policy order. */
  public List<String> consentCategories() {
    return categories.stream()
        .filter(CookieCategory::consentRequired)
        .map(CookieCategory::id)
        .toList();
  }

  /** The ids of the categories that need no consent (strictly necessary). */
  public List<String> essentialCategories() {
    return categories.stream().filter(c -> !c.consentRequired()).map(CookieCategory::id).toList();
  }

  /**
   * The consent revision: a non-negative number derived from the consent-relevant content only.
   * vanilla-cookieconsent stores it in its cookie and shows the banner again when it differs.
   */
  public int revision() {
    StringBuilder s = new StringBuilder();
    for (CookieCategory c : categories) {
      s.append("category\u0000").append(c.id()).append('\u0000').append(c.consentRequired());
      s.append('\n');
    }
    for (Cookie c : cookies) {
      s.append("cookie\u0000")
          .append(c.name())
          .append('\u0000')
          .append(c.category())
          .append('\u0000')
          .append(c.lifetime() == null ? "session" : c.lifetime().text())
          .append('\u0000')
          .append(c.firstParty())
          .append('\n');
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(s.toString().getBytes(StandardCharsets.UTF_8));
      int v = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
      return v & 0x7fffffff;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
