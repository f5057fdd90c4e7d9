package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import com.microsoft.playwright.options.ScreenshotCaret;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.analytics.DashboardTotals;
import dev.pledge.server.analytics.LiveNumbers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The console in Chromium, the way an operator uses it. */
@WithRunningServer
class ConsoleBrowserTest {

  static BrowserSession session;

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired AnalyticsDashboard analytics;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationContext context;

  @BeforeAll
  static void startBrowser() {
    session = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    session.close();
  }

  /**
   * {@link BrowserSession#screenshot} with the caret left alone: hiding it makes Playwright inject
   * a style element, which the console's CSP rightly refuses — and this test listens for exactly
   * those refusals.
   */
  private static void shoot(Page page, String name) {
    shoot(page, name, true);
  }

  private static void shoot(Page page, String name, boolean fullPage) {
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(Path.of("target", "screenshots", name + ".png"))
            .setFullPage(fullPage)
            .setCaret(ScreenshotCaret.INITIAL));
  }

  private String figure(Page page, String key) {
    return page.locator("[data-figure=\"" + key + "\"] .figure-value").textContent().strip();
  }

  @Test
  @DisplayName(
      "A-07 an operator signs in and reads the reference site's dashboard: numbers, chart, range,"
          + " CSV")
  void operatorReadsTheDashboard() throws Exception {
    accounts.create("browser-operator", ConsoleLoginTest.PASSWORD);
    long[] april = AnalyticsSeed.april(jdbc);
    for (String path : List.of("/formats/png", "/formats/webp", "/formats/png")) {
      assertThat(AnalyticsSeed.pageview(port, path, AnalyticsSeed.newVisitor())).isEqualTo(202);
    }
    LiveNumbers.refresh(context, "reference-site");
    String base = "http://localhost:" + port;

    try (BrowserContext context = session.newContext()) {
      Page page = context.newPage();
      page.setViewportSize(1280, 900);
      List<String> problems = new CopyOnWriteArrayList<>();
      page.onConsoleMessage(
          m -> {
            if (m.type().equals("error") || m.type().equals("warning")) {
              problems.add(
                  m.type() + ": " + m.text() + " at " + m.location() + " on " + page.url());
            }
          });
      page.onPageError(e -> problems.add("page error: " + e));

      page.navigate(base + "/console/");
      assertThat(page.url()).isEqualTo(base + "/console/login");
      shoot(page, "console-login");
      page.fill("#username", "browser-operator");
      page.fill("#password", ConsoleLoginTest.PASSWORD);
      page.click("button[type=submit]");
      // Back to the page first asked for (Spring Security marks it with "?continue").
      page.waitForURL(url -> url.startsWith(base + "/console/?") || url.equals(base + "/console/"));
      assertThat(page.locator("h1").textContent()).isEqualTo("Properties");
      shoot(page, "console-properties");

      // The session cookie and the CSRF token's: the only cookies (the page to return to is
      // forgotten once reached), strict, and nowhere but under /console.
      List<Cookie> cookies = context.cookies();
      assertThat(cookies)
          .extracting(c -> c.name)
          .containsExactlyInAnyOrder("JSESSIONID", ConsoleCsrfCookie.NAME);
      for (Cookie cookie : cookies) {
        assertThat(cookie.path).as(cookie.name).isEqualTo("/console");
        assertThat(cookie.httpOnly).as(cookie.name).isTrue();
        assertThat(cookie.secure).as(cookie.name).isTrue();
        assertThat(cookie.sameSite).as(cookie.name).isEqualTo(SameSiteAttribute.STRICT);
      }
      assertThat(context.cookies(base + "/p/reference-site/privacy")).isEmpty();

      page.click("[data-property=reference-site] a.button.primary");
      page.waitForURL("**/console/reference-site/analytics");
      Locator canvas = page.locator("canvas#trend[data-rendered=true]");
      canvas.waitFor();
      DashboardTotals last30 =
          analytics.totals(
              "reference-site", DateRangeParam.Preset.LAST_30_DAYS.range(analytics.today()));
      assertThat(last30.pageviews()).isGreaterThanOrEqualTo(3);
      assertThat(figure(page, "pageviews")).isEqualTo(ConsoleFormat.count(last30.pageviews()));
      assertThat(figure(page, "visitors")).isEqualTo(ConsoleFormat.count(last30.visitors()));
      assertThat(canvas.boundingBox().width).isGreaterThan(300);
      assertThat(canvas.boundingBox().height).isGreaterThan(150);
      Object charted =
          page.evaluate(
              "() => Chart.getChart(document.querySelector('#trend')).data.datasets[1].data"
                  + ".reduce((a, b) => a + b, 0)");
      assertThat(((Number) charted).longValue()).isEqualTo(last30.pageviews());
      // Other tests share this server's data, so the seeded pages are somewhere in the top ten.
      assertThat(page.locator("section[data-table=pages] tbody th").allTextContents())
          .anySatisfy(path -> assertThat(path).contains("/formats/"));
      shoot(page, "console-dashboard-30-days");

      // A preset: htmx swaps the dashboard in place and the URL follows.
      page.click("nav.presets a[data-period=today]");
      page.waitForURL("**/console/reference-site/analytics?period=today");
      page.locator("nav.presets a[data-period=today][aria-current=true]").waitFor();
      page.locator("canvas#trend[data-rendered=true]").waitFor();
      DashboardTotals today =
          analytics.totals("reference-site", DateRangeParam.Preset.TODAY.range(analytics.today()));
      assertThat(figure(page, "pageviews")).isEqualTo(ConsoleFormat.count(today.pageviews()));

      // A custom range: the seeded April 2013, by week.
      page.fill("#from", "2013-04-01");
      page.fill("#to", "2013-04-30");
      page.selectOption("#interval", "week");
      page.click("form.custom-range button[type=submit]");
      page.waitForURL("**/analytics?period=custom&from=2013-04-01&to=2013-04-30&interval=week");
      page.locator("canvas#trend[data-rendered=true]").waitFor();
      assertThat(figure(page, "visitors")).isEqualTo(ConsoleFormat.count(april[0]));
      assertThat(figure(page, "pageviews")).isEqualTo(ConsoleFormat.count(april[1]));
      assertThat(page.locator(".range-label strong").textContent())
          .isEqualTo("1 Apr – 30 Apr 2013");
      assertThat(page.locator("section[data-table=not-found] tbody th").first().textContent())
          .contains("/formats/jpeg-xl");
      page.click("nav.segmented a:text('Day')");
      page.waitForURL("**interval=day");
      page.locator("canvas#trend[data-rendered=true]").waitFor();
      shoot(page, "console-dashboard-april-2013");

      Download download = page.waitForDownload(() -> page.click("section[data-table=pages] a.csv"));
      assertThat(download.suggestedFilename())
          .isEqualTo("reference-site-pages-2013-04-01-to-2013-04-30.csv");
      String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
      assertThat(csv)
          .startsWith(
              "page,visitors,pageviews\r\n/formats/png,301,412\r\n/formats/webp,190,266\r\n");

      assertThat(problems).as("no console errors, no CSP violations").isEmpty();

      // A bad date typed into the URL: a message on the page (status 400), the form still there.
      page.navigate(base + "/console/reference-site/analytics?from=2013-04-31&to=2013-05-02");
      assertThat(page.locator(".alert-error").textContent())
          .contains("The start date '2013-04-31' is not a date");
      shoot(page, "console-dashboard-bad-date");
      problems.clear(); // the 400 itself is reported as a failed load

      page.setViewportSize(390, 844);
      page.navigate(base + "/console/reference-site/analytics?from=2013-04-01&to=2013-04-30");
      page.locator("canvas#trend[data-rendered=true]").waitFor();
      shoot(page, "console-dashboard-narrow");
      shoot(page, "console-dashboard-narrow-top", false);
      page.setViewportSize(1280, 900);
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
      page.reload();
      page.locator("canvas#trend[data-rendered=true]").waitFor();
      shoot(page, "console-dashboard-dark", false);
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));

      page.navigate(base + "/console/account");
      shoot(page, "console-account");

      page.click("nav.topnav a[href='/console/compliance']");
      page.waitForURL(base + "/console/compliance");
      assertThat(page.locator("[data-table=retention-plan] tbody").textContent())
          .contains("analytics.raw-events")
          .contains("accesslog.day-files");
      page.click("[data-table=retention-plan] form button");
      page.waitForURL(base + "/console/compliance");
      assertThat(page.locator("p.notice[role=status]").textContent())
          .startsWith("Retention sweep done");
      assertThat(page.locator("[data-verify]").count()).isEqualTo(1);
      shoot(page, "console-compliance");

      page.click("nav.topnav a[href='/console/audit']");
      page.waitForURL(base + "/console/audit");
      assertThat(page.locator("[data-chain]").textContent()).contains("Audit trail intact");
      assertThat(page.locator("[data-table=audit-entries] tbody tr").count()).isPositive();
      shoot(page, "console-audit");

      page.click("form.signout button");
      page.waitForURL(base + "/console/login?logout");
      assertThat(page.locator("[role=status]").textContent()).contains("You are signed out.");
      page.navigate(base + "/console/reference-site/analytics");
      assertThat(page.url()).isEqualTo(base + "/console/login");

      assertThat(problems).as("no console errors, no CSP violations").isEmpty();
    }
  }
}
