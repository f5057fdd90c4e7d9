package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A-05 page addresses keep no names, e-mail addresses or identifiers")
class UrlScrubberTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://reference.example.org/ | /",
        "https://reference.example.org/formats/png | /formats/png",
        "https://reference.example.org/formats/png?ref=abc&x=1 | /formats/png",
        "https://reference.example.org/u/ann.smith@example.com/settings | /u/:email/settings",
        "https://reference.example.org/u/ann.smith%40example.com | /u/:email",
        "https://reference.example.org/unsubscribe?email=ann@example.com | /unsubscribe",
        "https://reference.example.org/reset/8f14e45fceea167a5a36dedd4bea2543 | /reset/:token",
        "https://reference.example.org/orders/123456789 | /orders/:id",
        "https://reference.example.org/a/3f2504e0-4f89-11d3-9a0c-0305e82c3301/b | /a/:id/b",
        "https://reference.example.org/t/eyJhbGciOiJIUzI1NiJ9abc123DEF | /t/:token",
        "https://reference.example.org/call/+44%2020%207946%200958 | /call/:phone",
        "https://reference.example.org/formats/long-descriptive-page-title-about-png | /formats/long-descriptive-page-title-about-png",
        "https://reference.example.org/news/2025-01-31/png-3 | /news/2025-01-31/png-3",
        "https://reference.example.org/k/5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 | /k/:token",
      })
  void scrubsPaths(String url, String path) {
    assertThat(UrlScrubber.scrub(url, false, null).path()).isEqualTo(path);
  }

  @Test
  void keepsOnlyUtmTagsAndScrubsThem() {
    ScrubbedUrl u =
        UrlScrubber.scrub(
            "https://reference.example.org/x?utm_source=newsletter&utm_medium=email"
                + "&utm_campaign=spring%20bob@example.com&session=abc&utm_term=webp",
            false, null);
    assertThat(u.utmSource()).isEqualTo("newsletter");
    assertThat(u.utmMedium()).isEqualTo("email");
    assertThat(u.utmCampaign()).isEqualTo("spring :email");
    assertThat(u.utmTerm()).isEqualTo("webp");
    assertThat(u.toString()).doesNotContain("session").doesNotContain("bob");
  }

  @Test
  void removesTheLocalPathPrefixAndKeepsFragmentsOnlyInHashMode() {
    assertThat(
            UrlScrubber.scrub(
                    "http://localhost:8080/p/reference-site/formats/png",
                    false,
                    "/p/reference-site")
                .path())
        .isEqualTo("/formats/png");
    assertThat(
            UrlScrubber.scrub("http://localhost:8080/p/reference-site", false, "/p/reference-site")
                .path())
        .isEqualTo("/");
    assertThat(UrlScrubber.scrub("https://a.example/app#/users/ann@example.com", true, null).path())
        .isEqualTo("/app#/users/:email");
    assertThat(UrlScrubber.scrub("https://a.example/app#/users/x", false, null).path())
        .isEqualTo("/app");
  }

  @Test
  void refusesWhatIsNotAnAbsoluteWebAddress() {
    assertThat(UrlScrubber.scrub("/relative", false, null)).isNull();
    assertThat(UrlScrubber.scrub("javascript:alert(1)", false, null)).isNull();
    assertThat(UrlScrubber.scrub("ftp://x.example/", false, null)).isNull();
    assertThat(UrlScrubber.scrub("http://exa mple/", false, null)).isNull();
  }

  @Test
  void capsPathLength() {
    String longPath = "/a".repeat(1000);
    assertThat(UrlScrubber.scrub("https://x.example" + longPath, false, null).path())
        .hasSize(UrlScrubber.MAX_PATH);
  }
}
