package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A-04 arrival sources are reduced to a source and a channel")
class ReferrerClassifierTest {

  static final Set<String> OWN = Set.of("reference.example.org", "reference-site.localhost");

  @ParameterizedTest(name = "{0} → {1} ({2})")
  @CsvSource({
    "https://www.google.com/, Google, SEARCH",
    "https://www.google.co.uk/search?q=png, Google, SEARCH",
    "https://google.de/, Google, SEARCH",
    "https://www.bing.com/search?q=x, Bing, SEARCH",
    "https://duckduckgo.com/, DuckDuckGo, SEARCH",
    "https://www.baidu.com/link?url=abc, Baidu, SEARCH",
    "https://yandex.ru/search/?text=webp, Yandex, SEARCH",
    "https://ya.ru/, Yandex, SEARCH",
    "https://search.brave.com/search?q=a, Brave Search, SEARCH",
    "https://www.facebook.com/, Facebook, SOCIAL",
    "https://l.facebook.com/l.php?u=x, Facebook, SOCIAL",
    "https://t.co/abc123, X (Twitter), SOCIAL",
    "https://www.reddit.com/r/photography/, Reddit, SOCIAL",
    "https://news.ycombinator.com/item?id=1, Hacker News, SOCIAL",
    "https://mail.google.com/mail/u/0/, Gmail, EMAIL",
    "android-app://com.google.android.gm/, Gmail, EMAIL",
    "https://blog.example.net/post/42, blog.example.net, REFERRAL",
    "https://googleusercontent.com/x, googleusercontent.com, REFERRAL",
  })
  void classifiesReferrers(String referrer, String source, Channel channel) {
    assertThat(ReferrerClassifier.classify(referrer, null, null, OWN))
        .isEqualTo(new TrafficSource(source, channel));
  }

  @ParameterizedTest(name = "no or own referrer \"{0}\" is direct")
  @CsvSource(
      value = {"NULL", "''", "https://reference.example.org/formats/png", "not a url ::"},
      nullValues = "NULL")
  void directWhenNoneOrOwn(String referrer) {
    assertThat(ReferrerClassifier.classify(referrer, null, null, OWN))
        .isEqualTo(TrafficSource.DIRECT);
  }

  @ParameterizedTest(name = "a referring address {0} is kept as a category only")
  @CsvSource({"http://203.0.113.9/page", "http://[2001:db8::1]/x"})
  void referringAddressesAreNotKept(String referrer) {
    TrafficSource s = ReferrerClassifier.classify(referrer, null, null, OWN);
    assertThat(s.source()).isEqualTo("IP address");
  }

  @ParameterizedTest(name = "utm_source={0} utm_medium={1} → {2}")
  @CsvSource({
    "newsletter, email, newsletter, EMAIL",
    "mastodon, social, mastodon, SOCIAL",
    "partner, cpc, partner, CAMPAIGN",
    "spring-sale, , spring-sale, CAMPAIGN",
  })
  void campaignsWinOverReferrers(String utmSource, String utmMedium, String source, Channel c) {
    assertThat(ReferrerClassifier.classify("https://www.google.com/", utmSource, utmMedium, OWN))
        .isEqualTo(new TrafficSource(source, c));
  }
}
