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
}
