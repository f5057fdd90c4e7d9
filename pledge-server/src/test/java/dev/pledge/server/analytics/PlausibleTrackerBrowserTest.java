package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Plausible's own trackers from npm, unchanged, running in Chromium against Pledge. The test pages
 * and tracker files are served by the browser's router (they are fixtures, not part of Pledge); the
 * events go to the real server.
 */
@WithRunningServer
class PlausibleTrackerBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired AnalyticsDashboard dashboard;
  @Autowired LiveToday live;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  static byte[] fixture(String path) {
    try (InputStream in =
        PlausibleTrackerBrowserTest.class.getResourceAsStream("/plausible/" + path)) {
      return in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("missing fixture " + path));
    }
  }

  static void serve(Route route, String type, byte[] body) {
    route.fulfill(
        new Route.FulfillOptions().setStatus(200).setContentType(type).setBodyBytes(body));
  }

  long viewsToday(String path) {
    live.refreshNow("reference-site");
    var today = new DashboardRange(dashboard.today(), dashboard.today());
    return dashboard.breakdown("reference-site", today, Breakdown.PAGE, 1000).stream()
        .filter(r -> r.value().equals(path))
        .mapToLong(DashboardRow::pageviews)
        .sum();
  }

  @Test
  @DisplayName(
      "A-04 A-22 @plausible-analytics/tracker 0.4.6 sends page views that reach the dashboard")
  void currentNpmTracker() {
    String base = "http://localhost:" + port + "/p/reference-site/__plausible-test/";
    String page =
        """
        <!doctype html><html lang="en"><head><title>Tracker test</title></head><body>
        <h1>Tracker test</h1>
        <script type="module">
          import { init } from './plausible.js';
          init({ domain: 'reference.example.org', endpoint: '/p/reference-site/api/event',
                 captureOnLocalhost: true });
        </script></body></html>
        """;
    try (BrowserContext context = browser.newContext()) {
      // The tracker's documented switch for automated browsers, which it otherwise ignores.
      context.addInitScript("window.__plausible = true");
      context.route(base + "new.html", r -> serve(r, "text/html", page.getBytes()));
      context.route(
          base + "plausible.js",
          r -> serve(r, "text/javascript", fixture("analytics-tracker-0.4.6/plausible.js")));
      Page p = context.newPage();
      Response event =
          p.waitForResponse(
              r -> r.url().endsWith("/api/event") && r.request().method().equals("POST"),
              () -> p.navigate(base + "new.html"));
      assertThat(event.status()).isEqualTo(202);
      assertThat(event.headers()).doesNotContainKey("x-pledge-dropped");
      assertThat(context.cookies()).isEmpty();
    }
    assertThat(viewsToday("/__plausible-test/new.html")).isEqualTo(1);
  }

  @Test
  @DisplayName("A-04 plausible-tracker 0.3.9 (XMLHttpRequest, text/plain) works unchanged too")
  void legacyNpmTracker() {
    String base = "http://localhost:" + port + "/p/reference-site/__plausible-test/legacy/";
    String page =
        """
        <!doctype html><html lang="en"><head><title>Legacy tracker</title></head><body>
        <script type="module">
          import Plausible from './index.js';
          const plausible = Plausible({ domain: 'reference.example.org',
            apiHost: location.origin + '/p/reference-site', trackLocalhost: true });
          plausible.trackPageview();
        </script></body></html>
        """;
    try (BrowserContext context = browser.newContext()) {
      context.route(base + "old.html", r -> serve(r, "text/html", page.getBytes()));
      context.route(
          base + "index.js",
          r -> serve(r, "text/javascript", fixture("plausible-tracker-0.3.9/index.js")));
      // The package imports './lib/tracker' without an extension, as bundlers allow.
      context.route(
          base + "lib/tracker",
          r -> serve(r, "text/javascript", fixture("plausible-tracker-0.3.9/lib/tracker.js")));
      context.route(
          base + "lib/request",
          r -> serve(r, "text/javascript", fixture("plausible-tracker-0.3.9/lib/request.js")));
      Page p = context.newPage();
      Response event =
          p.waitForResponse(
              r -> r.url().endsWith("/api/event"), () -> p.navigate(base + "old.html"));
      assertThat(event.status()).isEqualTo(202);
      assertThat(event.headers()).doesNotContainKey("x-pledge-dropped");
    }
    assertThat(viewsToday("/__plausible-test/legacy/old.html")).isEqualTo(1);
  }

  /** The url property of the custom events stored for a page, oldest first. */
  java.util.List<String> stored(String name, String path) {
    return jdbc.sql(
            "select coalesce(props, '') from analytics_event where property_id = 'reference-site'"
                + " and name = :n and path = :p order by received_at")
        .param("n", name)
        .param("p", path)
        .query(String.class)
        .list();
  }

  @Test
  @DisplayName(
      "A-05 @plausible-analytics/tracker's track(): a declared event keeps its declared property,"
          + " scrubbed; an undeclared one is dropped; revenue is not kept")
  void npmTrackerCustomEvents() {
    String base = "http://localhost:" + port + "/p/reference-site/__plausible-test/events/";
    String page =
        """
        <!doctype html><html lang="en"><head><title>Events</title></head><body>
        <script type="module">
          import { init, track } from './plausible.js';
          init({ domain: 'reference.example.org', endpoint: '/p/reference-site/api/event',
                 captureOnLocalhost: true, autoCapturePageviews: false });
          window.download = () => track('File Download', {
            props: { url: 'https://reference.example.org/a.pdf?to=ann@example.com', author: 'Ann' },
            revenue: { amount: 5, currency: 'EUR' } });
          window.signup = () => track('Signup', { props: { plan: 'pro' } });
        </script></body></html>
        """;
    try (BrowserContext context = browser.newContext()) {
      context.addInitScript("window.__plausible = true");
      context.route(base + "page.html", r -> serve(r, "text/html", page.getBytes()));
      context.route(
          base + "plausible.js",
          r -> serve(r, "text/javascript", fixture("analytics-tracker-0.4.6/plausible.js")));
      Page p = context.newPage();
      p.navigate(base + "page.html");
      p.waitForFunction("() => typeof window.signup === 'function'");
      Response kept =
          p.waitForResponse(
              r -> r.url().endsWith("/api/event"), () -> p.evaluate("() => window.download()"));
      assertThat(kept.status()).isEqualTo(202);
      assertThat(kept.headers()).doesNotContainKey("x-pledge-dropped");
      Response dropped =
          p.waitForResponse(
              r -> r.url().endsWith("/api/event"), () -> p.evaluate("() => window.signup()"));
      assertThat(dropped.headers()).containsEntry("x-pledge-dropped", "event-not-collected");
    }
    assertThat(stored("File Download", "/__plausible-test/events/page.html"))
        .containsExactly("{\"url\":\"https://reference.example.org/a.pdf?to=:email\"}");
    assertThat(stored("Signup", "/__plausible-test/events/page.html")).isEmpty();
  }

  @Test
  @DisplayName(
      "A-05 Pledge's own tracker reports a link to another site and a file download, as declared")
  void ownTrackerOutboundLinksAndDownloads() {
    String base = "http://localhost:" + port + "/p/reference-site/";
    int outboundBefore = stored("Outbound Link: Click", "/formats/png").size();
    int downloadsBefore = stored("File Download", "/formats/png").size();
    try (BrowserContext context = browser.newContext()) {
      context.route(
          "https://www.w3.org/**",
          r -> serve(r, "text/html", "<!doctype html><title>W3C</title>".getBytes()));
      Page p = context.newPage();
      p.navigate(base + "formats/png");
      assertThat(p.locator("script[data-outbound][data-downloads]").count()).isEqualTo(1);
      // The site itself links nowhere else (SiteServingTest); a reader's page may, for example
      // through an extension or pasted content: the click is what is reported.
      p.evaluate(
          "() => { const a = document.createElement('a'); a.href = 'https://www.w3.org/TR/png-3/';"
              + " a.textContent = 'PNG specification'; document.querySelector('main').append(a); }");
      p.click("a[href='https://www.w3.org/TR/png-3/']");
      p.waitForURL("https://www.w3.org/TR/png-3/");
      p.navigate(base + "formats/png");
      p.click("a[href$='alpha-disc.png']");
      p.waitForURL("**/alpha-disc.png");
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(stored("Outbound Link: Click", "/formats/png"))
                  .hasSize(outboundBefore + 1)
                  .last()
                  .isEqualTo("{\"url\":\"https://www.w3.org/TR/png-3/\"}");
              assertThat(stored("File Download", "/formats/png"))
                  .hasSize(downloadsBefore + 1)
                  .last()
                  .asString()
                  .endsWith("/images/alpha-disc.png\"}");
            });
  }
}
