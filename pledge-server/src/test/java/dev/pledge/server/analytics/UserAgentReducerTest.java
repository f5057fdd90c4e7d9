package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A-01 browser type is browser family, OS family and device class; bots are told apart")
class UserAgentReducerTest {

  static UserAgentReducer reducer;

  @BeforeAll
  static void build() {
    reducer = new UserAgentReducer();
  }

  @Test
  void desktopChrome() {
    ClientInfo c =
        reducer.reduce(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Safari/537.36");
    assertThat(c).isEqualTo(new ClientInfo("Chrome", "Windows NT", "desktop", false));
  }

  @Test
  void iphoneSafari() {
    ClientInfo c =
        reducer.reduce(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
                + " like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
    assertThat(c.browser()).isEqualTo("Safari");
    assertThat(c.os()).isEqualTo("iOS");
    assertThat(c.device()).isEqualTo("mobile");
    assertThat(c.bot()).isFalse();
  }

  @Test
  void botsAreBots() {
    assertThat(
            reducer
                .reduce("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
                .bot())
        .isTrue();
    assertThat(
            reducer
                .reduce("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
                .bot())
        .isTrue();
    assertThat(reducer.reduce("").bot()).isTrue();
    assertThat(reducer.reduce(null).bot()).isTrue();
  }

  @Test
  @DisplayName("A-01 headless Chromium's default user agent is automation, not a reader")
  void headlessChromiumIsABot() {
    // What Debian's chromium 156 sends with --headless (navigator.userAgent), and an older one.
    for (String ua :
        new String[] {
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " HeadlessChrome/156.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " HeadlessChrome/120.0.6099.28 Safari/537.36"
        }) {
      assertThat(reducer.reduce(ua).bot()).as(ua).isTrue();
    }
    // The same browser with its ordinary user agent is a reader.
    assertThat(
            reducer
                .reduce(
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/156.0.0.0 Safari/537.36")
                .bot())
        .isFalse();
  }
}
