package dev.pledge.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The studio's own usage analytics (B-08, B-22) run only as the person chose: nothing is sent
 * before a choice or after refusing performance cookies; accepting them starts the anonymising,
 * cookieless tracker; an objection to analytics keeps it out of the page even with consent.
 */
@WithRunningServer
class UsageAnalyticsBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void start() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  String studio() {
    return "http://localhost:" + port + "/p/image-studio";
  }

  BrowserContext person() {
    BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setUserAgent(BrowserSession.DESKTOP_CHROME)
                .setExtraHTTPHeaders(Map.of("Accept-Language", "en-GB")));
    context.addInitScript(ConsentBannerBrowserTest.PERSON);
    return context;
  }

  static List<String> eventsSent(Page page) {
    List<String> sent = new CopyOnWriteArrayList<>();
    page.onRequest(
        r -> {
          if (r.url().contains("/api/event")) {
            sent.add(r.url());
          }
        });
    return sent;
  }

  long studioEvents() {
    return jdbc.sql("select count(*) from analytics_event where property_id = 'image-studio'")
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName(
      "B-08 B-30 usage analytics wait for the performance category: none before a choice or after"
          + " refusing, anonymised events once accepted")
  void onlyWithPerformanceConsent() {
    try (BrowserContext context = person()) {
      Page page = context.newPage();
      List<String> sent = eventsSent(page);
      page.navigate(studio() + "/");
      page.waitForSelector("#cc-main .cm");
      assertThat(page.locator("meta[name=pledge-usage-analytics]").count()).isEqualTo(1);
      assertThat(page.locator("script[src*='pledge-analytics.js']").count()).isZero();
      page.click("#cc-main .cm [data-role=necessary]");
      page.waitForFunction("() => document.documentElement.dataset.consentReceipt");
      page.navigate(studio() + "/sign-in");
      page.waitForFunction("() => document.documentElement.dataset.consentReady");
      assertThat(page.locator("script[src*='pledge-analytics.js']").count()).isZero();
      assertThat(sent).as("refused: nothing sent").isEmpty();

      long before = studioEvents();
      page.click("footer [data-cookie-settings]");
      page.waitForSelector("#cc-main .pm");
      Response answer =
          page.waitForResponse(
              r -> r.url().contains("/api/event"),
              () -> page.click("#cc-main .pm [data-role=all]"));
      assertThat(answer.status()).isEqualTo(202);
      assertThat(answer.headers()).doesNotContainKey("x-pledge-dropped");
      assertThat(studioEvents()).as("stored for the studio").isGreaterThan(before);
      assertThat(context.cookies()).extracting(c -> c.name).doesNotContain("_ga", "_pk_id");
      ConsentBannerBrowserTest.cookieNames(context)
          .forEach(n -> assertThat(List.of("JSESSIONID", "XSRF-TOKEN", "cc_cookie")).contains(n));
    }
  }

  @Test
  @DisplayName(
      "B-08 after objecting to analytics, the tracker is not in the page even with consent")
  void objectionKeepsItOut() {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Objecta", "en");
    try (BrowserContext context = person()) {
      Page page = context.newPage();
      page.navigate(studio() + "/sign-in");
      page.fill("#login", a.username());
      page.fill("#password", StudioTestAccounts.PASSWORD);
      page.click("form[action$='/sign-in'] button[type=submit]");
      page.waitForSelector("#cc-main .cm");
      page.click("#cc-main .cm [data-role=all]");
      page.waitForFunction("() => document.documentElement.dataset.consentReceipt");
      assertThat(page.locator("script[src*='pledge-analytics.js']").count())
          .as("consented and not objected: running")
          .isEqualTo(1);

      page.click("footer a[href$='/account/privacy']");
      page.click("li[data-purpose=analytics] form button[type=submit]");
      List<String> sent = eventsSent(page);
      page.navigate(studio() + "/account/consent");
      page.waitForFunction("() => document.documentElement.dataset.consentReady");
      assertThat(page.locator("meta[name=pledge-usage-analytics]").count()).isZero();
      assertThat(page.locator("script[src*='pledge-analytics.js']").count()).isZero();
      assertThat(sent).isEmpty();
    }
  }
}
