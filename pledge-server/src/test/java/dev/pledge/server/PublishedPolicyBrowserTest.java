package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithRunningServer
class PublishedPolicyBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @Test
  @DisplayName("A-23 A-20 the reference-site policy page shows its table and dates in a browser")
  void referencePolicyInBrowser() {
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      List<String> requested = new ArrayList<>();
      page.onRequest(r -> requested.add(r.url()));
      String base = "http://localhost:" + port;
      page.navigate(base + "/p/reference-site/privacy");
      assertThat(page.locator("h1").first().textContent()).contains("Privacy policy");
      var rows = page.locator("table").first().locator("tbody tr");
      assertThat(rows.count()).as("the seed's five rows and more").isGreaterThanOrEqualTo(5);
      assertThat(rows.allTextContents())
          .anySatisfy(r -> assertThat(r).contains("Up to 90 days, then deleted"))
          .anySatisfy(r -> assertThat(r).contains("Only if you contact us"));
      assertThat(page.locator("time").count()).as("effective and reviewed dates").isGreaterThan(1);
      assertThat(page.locator("text=Last reviewed").count()).isGreaterThan(0);
      BrowserSession.screenshot(page, "reference-site-privacy");
      assertThat(context.cookies()).as("A-11 no cookie on the policy page").isEmpty();
      assertThat(page.evaluate("() => localStorage.length + sessionStorage.length")).isEqualTo(0);
      assertThat(requested).allSatisfy(url -> assertThat(url).startsWith(base));
    }
  }

  @Test
  @DisplayName("B-25 B-30 the image-studio policy page lists processors and five cookie categories")
  void studioPolicyInBrowser() {
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      page.navigate("http://localhost:" + port + "/p/image-studio/privacy");
      String text = page.locator("main").textContent();
      assertThat(text)
          .contains("Essential")
          .contains("Performance")
          .contains("Preference")
          .contains("Security")
          .contains("Marketing")
          .contains("7 years");
      BrowserSession.screenshot(page, "image-studio-privacy");
      assertThat(context.cookies()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "A-20 A-23 the policy and the privacy center carry the site's name, header and navigation,"
          + " and a long policy a table of contents that leads to each section")
  void policyInTheSitesFrame() {
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      String base = "http://localhost:" + port;
      page.navigate(base + "/p/reference-site/");
      List<String> siteNav = page.locator("header.site-header nav.site-nav a").allTextContents();
      assertThat(siteNav).hasSizeGreaterThan(1);
      String siteName = page.locator("header.site-header .brand").textContent();

      page.navigate(base + "/p/reference-site/privacy");
      assertThat(page.locator("header.site-header .brand").textContent()).isEqualTo(siteName);
      assertThat(page.locator("header.site-header nav.site-nav a").allTextContents())
          .as("the site's own navigation, the way back")
          .isEqualTo(siteNav);
      assertThat(page.title()).endsWith(" · " + siteName);
      var contents = page.locator("nav.policy-contents a");
      assertThat(contents.count()).isGreaterThanOrEqualTo(4);
      for (var link : contents.all()) {
        String target = link.getAttribute("href");
        assertThat(target).startsWith("#");
        assertThat(page.locator("[id='" + target.substring(1) + "']").count())
            .as(target)
            .isEqualTo(1);
      }
      String second = contents.nth(1).getAttribute("href");
      contents.nth(1).click();
      assertThat(page.url()).endsWith(second);
      BrowserSession.screenshot(page, "reference-site-privacy-in-frame");
      page.setViewportSize(390, 844);
      assertThat(
              ((Number)
                      page.evaluate(
                          "() => document.documentElement.scrollWidth - window.innerWidth"))
                  .intValue())
          .as("the policy fits a phone")
          .isLessThanOrEqualTo(0);

      page.navigate(base + "/p/reference-site/privacy/requests");
      assertThat(page.locator("header.site-header nav.site-nav a").allTextContents())
          .isEqualTo(siteNav);

      page.navigate(base + "/p/image-studio/privacy");
      var header = page.locator("header.site-header");
      assertThat(header.locator(".brand").textContent()).isNotBlank();
      assertThat(header.locator("nav.site-nav a, a.back-to-site").count())
          .as("a way back to the site")
          .isPositive();
    }
  }
}
