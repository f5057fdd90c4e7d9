package dev.pledge.server.analytics;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reduces a referrer (and any utm_* campaign tags) to a source and a channel. The referring URL
 * itself is never kept: its path and query can carry personal data, its host is enough for
 * the editorial question "how do readers arrive".
 */
final class ReferrerClassifier {

  /** Host suffix → display name, for search engines. */
  private static final Map<String, String> SEARCH =
      Map.ofEntries(
          Map.entry("google", "Google"),
          Map.entry("bing.com", "Bing"),
          Map.entry("duckduckgo.com", "DuckDuckGo"),
          Map.entry("baidu.com", "Baidu"),
          Map.entry("yandex", "Yandex"),
          Map.entry("ya.ru", "Yandex"),
          Map.entry("search.yahoo.com", "Yahoo!"),
          Map.entry("ecosia.org", "Ecosia"),
          Map.entry("qwant.com", "Qwant"),
          Map.entry("startpage.com", "Startpage"),
          Map.entry("search.brave.com", "Brave Search"),
          Map.entry("naver.com", "Naver"),
          Map.entry("seznam.cz", "Seznam"),
          Map.entry("sogou.com", "Sogou"),
          Map.entry("so.com", "360 Search"),
          Map.entry("kagi.com", "Kagi"));

  private static final Map<String, String> SOCIAL =
      Map.ofEntries(
          Map.entry("facebook.com", "Facebook"),
          Map.entry("fb.com", "Facebook"),
          Map.entry("instagram.com", "Instagram"),
          Map.entry("t.co", "X (Twitter)"),
          Map.entry("twitter.com", "X (Twitter)"),
          Map.entry("x.com", "X (Twitter)"),
          Map.entry("linkedin.com", "LinkedIn"),
          Map.entry("lnkd.in", "LinkedIn"),
          Map.entry("reddit.com", "Reddit"),
          Map.entry("youtube.com", "YouTube"),
          Map.entry("pinterest.com", "Pinterest"),
          Map.entry("tiktok.com", "TikTok"),
          Map.entry("bsky.app", "Bluesky"),
          Map.entry("mastodon.social", "Mastodon"),
          Map.entry("threads.net", "Threads"),
          Map.entry("weibo.com", "Weibo"),
          Map.entry("vk.com", "VKontakte"),
          Map.entry("news.ycombinator.com", "Hacker News"));

  private static final Map<String, String> EMAIL =
      Map.ofEntries(
          Map.entry("mail.google.com", "Gmail"),
          Map.entry("com.google.android.gm", "Gmail"),
          Map.entry("outlook.live.com", "Outlook.com"),
          Map.entry("outlook.office.com", "Outlook"),
          Map.entry("mail.yahoo.com", "Yahoo! Mail"),
          Map.entry("mail.proton.me", "Proton Mail"));

  private static final Set<String> EMAIL_MEDIA = Set.of("email", "e-mail", "newsletter", "mail");
  private static final Set<String> SOCIAL_MEDIA = Set.of("social", "social-network", "sm");
  private static final Set<String> SEARCH_MEDIA = Set.of("organic", "search");

  private ReferrerClassifier() {}

  /**
   * @param referrer the referrer as the browser sent it, or null
   * @param utmSource scrubbed utm_source, or null
   * @param utmMedium scrubbed utm_medium, or null
   * @param ownHosts hosts of the property itself: a referral from them is not a source
   */
  static TrafficSource classify(
      String referrer, String utmSource, String utmMedium, Set<String> ownHosts) {
    if (utmSource != null || utmMedium != null) {
      return fromCampaign(utmSource, utmMedium, hostOf(referrer));
    }
    String host = hostOf(referrer);
    if (host == null || ownHosts.contains(host)) {
      return TrafficSource.DIRECT;
    }
    if (looksLikeAddress(host)) {
      // A referring IP address is kept as a category, never as itself: it could be a person's.
      return new TrafficSource("IP address", Channel.REFERRAL);
    }
    return fromHost(host);
  }

  private static TrafficSource fromCampaign(String utmSource, String utmMedium, String host) {
    String medium = utmMedium == null ? "" : utmMedium.toLowerCase(Locale.ROOT);
    String source =
        utmSource != null ? utmSource : host != null ? fromHost(host).source() : "Campaign";
    Channel channel;
    if (EMAIL_MEDIA.contains(medium)) {
      channel = Channel.EMAIL;
    } else if (SOCIAL_MEDIA.contains(medium)) {
      channel = Channel.SOCIAL;
    } else if (SEARCH_MEDIA.contains(medium)) {
      channel = Channel.SEARCH;
    } else {
      channel = Channel.CAMPAIGN;
    }
    return new TrafficSource(source, channel);
  }

  private static TrafficSource fromHost(String host) {
    String name = match(EMAIL, host);
    if (name != null) {
      return new TrafficSource(name, Channel.EMAIL);
    }
    name = match(SEARCH, host);
    if (name != null) {
      return new TrafficSource(name, Channel.SEARCH);
    }
    name = match(SOCIAL, host);
    if (name != null) {
      return new TrafficSource(name, Channel.SOCIAL);
    }
    return new TrafficSource(host, Channel.REFERRAL);
  }

  /**
   * Matches a host against keys that are either registrable domains ("bing.com": the host or any
   * sub-domain) or brand labels ("google", "yandex": any country domain such as google.co.uk).
   */
  private static String match(Map<String, String> table, String host) {
    for (Map.Entry<String, String> e : table.entrySet()) {
      String key = e.getKey();
      if (key.indexOf('.') >= 0) {
        if (host.equals(key) || host.endsWith("." + key)) {
          return e.getValue();
        }
      } else if (hasBrandLabel(host, key)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** True for www.google.com, google.de, google.co.uk, news.google.com — not googleusercontent. */
  private static boolean hasBrandLabel(String host, String brand) {
    String[] labels = host.split("\\.");
    for (int i = 0; i < labels.length - 1; i++) {
      if (labels[i].equals(brand)) {
        int rest = labels.length - i - 1;
        return rest == 1 || (rest == 2 && labels[labels.length - 2].length() <= 3);
      }
    }
    return false;
  }

  private static boolean looksLikeAddress(String host) {
    return host.startsWith("[") || host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }

  /** The lower-case host of a referrer, without "www."; null when there is none. */
  static String hostOf(String referrer) {
    if (referrer == null || referrer.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(referrer.trim());
      String host = uri.getHost();
      if (host == null && "android-app".equals(uri.getScheme())) {
        host = uri.getAuthority();
      }
      if (host == null) {
        return null;
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.startsWith("www.") ? host.substring(4) : host;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}
