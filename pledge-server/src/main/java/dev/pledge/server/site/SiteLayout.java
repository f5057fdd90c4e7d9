package dev.pledge.server.site;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The layouts a page may ask for in its front matter, each a Thymeleaf template under {@code
 * templates/site/}. A closed list, so front matter can never name an arbitrary template.
 */
enum SiteLayout {
  /** Section navigation beside the article: the default for guides. */
  PAGE("page", "site/page"),
  /** The front page: the introduction, then every section with its pages. */
  HOME("home", "site/home"),
  /** A single column without section navigation, for pages such as About. */
  PLAIN("plain", "site/plain"),
  /** A single column followed by the editorial address from the policy, for the contact page. */
  CONTACT("contact", "site/contact");

  final String key;
  final String view;

  SiteLayout(String key, String view) {
    this.key = key;
    this.view = view;
  }

  static Optional<SiteLayout> byKey(String key) {
    String wanted = key.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(l -> l.key.equals(wanted)).findFirst();
  }

  static String known() {
    return Arrays.stream(values()).map(l -> l.key).collect(Collectors.joining(", "));
  }
}
